#!/bin/sh
# `msgflow routes` end to end on the example topologies: exit codes, one
# route and nothing else for --from and --to, "was" after --down, the
# equal-cost routes, a domain's address space, an address as --to, and why
# a destination has no route (size, scope, all routes down, no address
# space).  TAP, run by prove from `make check` (and under the sanitizers by
# `make check-asan`).  $MSGFLOW is the binary under test.
msgflow=${MSGFLOW:-./msgflow}
case $msgflow in /*) ;; *) msgflow=$PWD/$msgflow ;; esac
# JSON is compared as parsed values (tests/json-check.c), never as text.
json_check=${BUILD:-build}/tests/json-check
tmp=$(mktemp -d "${TMPDIR:-/tmp}/routes-t.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
n=0
fails=0

ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok () { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; }
# expect DESCRIPTION WANT_STATUS COMMAND...: run, keep stdout/stderr in $tmp.
expect () {
  desc=$1 want=$2; shift 2
  "$@" >"$tmp/out" 2>"$tmp/err"
  got=$?
  if [ "$got" -eq "$want" ]; then ok "$desc"; else
    not_ok "$desc (exit $got, want $want)"; sed 's/^/# /' "$tmp/err" | head -5; fi
}
# contains DESCRIPTION FILE TEXT
contains () {
  if grep -qF -- "$3" "$2"; then ok "$1"; else not_ok "$1"; sed 's/^/# /' "$2" | head -8; fi
}
lacks () {
  if grep -qF -- "$3" "$2"; then not_ok "$1"; sed 's/^/# /' "$2" | head -8; else ok "$1"; fi
}
# same_text DESCRIPTION FILE: FILE equals the text on stdin, byte for byte.
same_text () {
  cat >"$tmp/want"
  if cmp -s "$tmp/want" "$2"; then ok "$1"; else
    not_ok "$1"; diff "$tmp/want" "$2" | sed 's/^/# /' | head -12; fi
}
# same_json DESCRIPTION FILE: FILE has the JSON value on stdin.
same_json () {
  cat >"$tmp/want.json"
  if "$json_check" same "$2" "$tmp/want.json"; then ok "$1"; else
    not_ok "$1"; sed 's/^/# /' "$2" | head -8; fi
}

contoso=topologies/contoso-global.topo
mesh=topologies/full-mesh.topo
sizes=topologies/size-limits.topo
scoped=topologies/scoped-smtp.topo
edge=topologies/internet-edge.topo

# ---------------------------------------------------------- exit codes
expect "routes --help exits 0" 0 "$msgflow" routes --help
contains "--help describes --table" "$tmp/out" "--table"
contains "--help says --to takes an address" "$tmp/out" "RG|DOMAIN|ADDRESS"
contains "--help says what --from and --to print" "$tmp/out" "With --from and --to, prints that one route and nothing else"
expect "an unknown group in --to exits 2" 2 "$msgflow" routes "$mesh" --to Sydnee
contains "the unknown group gets a suggestion" "$tmp/err" "--to: no routing group 'Sydnee' in $mesh (did you mean 'Sydney'?)"
expect "an address without a domain exits 2" 2 "$msgflow" routes "$contoso" --to "user@"
contains "the bad address is named" "$tmp/err" "--to: 'user@' is neither a routing group, a valid domain nor an address user@domain"
expect "a bad domain in an address exits 2" 2 "$msgflow" routes "$contoso" --to "user@fabrikam..com"
expect "--table with an unknown --down exits 2" 2 "$msgflow" routes "$contoso" --table --down LON-BRX
printf '[organization]\nname = X\nfrobnicate = 1\n[routing-group A]\n[server A1]\nrouting-group = A\n' >"$tmp/bad.topo"
expect "a bad topology exits 2" 2 "$msgflow" routes "$tmp/bad.topo" --from A --to A
contains "a bad topology says FILE:LINE:" "$tmp/err" "$tmp/bad.topo:3:"

# --------------------------------------------------- one route, and only it
expect "--from --to exits 0" 0 "$msgflow" routes "$mesh" --from Seattle --to Sydney
same_text "--from --to prints that route and its equal-cost routes, nothing else" "$tmp/out" <<'EOF'
Seattle -> Sydney: cost 20, 2 equal-cost routes
  Seattle -[SEA-SYD]-> Sydney
  Seattle -[SEA-TYO]-> Tokyo -[TYO-SYD]-> Sydney
EOF
expect "--from --to --json exits 0" 0 "$msgflow" routes "$mesh" --from Seattle --to Sydney --json
same_json "--json lists the other equal-cost route under alternatives" "$tmp/out" <<'EOF'
{"routes": [{"from": "Seattle", "to": "Sydney", "cost": 20, "path": ["Seattle", "Sydney"],
  "connectors": ["SEA-SYD"], "equal_cost_paths": 2,
  "alternatives": [{"path": ["Seattle", "Tokyo", "Sydney"], "connectors": ["SEA-TYO", "TYO-SYD"]}]}],
 "unreachable": [], "direct_dns": []}
EOF
expect "a route with one way exits 0" 0 "$msgflow" routes "$mesh" --from London --to Sydney
same_text "a single route says 1 route" "$tmp/out" <<'EOF'
London -> Sydney: cost 25, 1 route
  London -[TYO-LON (reverse)]-> Tokyo -[TYO-SYD]-> Sydney
EOF
expect "--from alone exits 0" 0 "$msgflow" routes "$mesh" --from Sydney
lacks "--from alone prints no link-state table" "$tmp/out" "General info"
if [ "$(grep -c '^Sydney -> ' "$tmp/out")" -eq 3 ]; then ok "--from alone prints each of the 3 other groups"; else not_ok "--from alone prints each of the 3 other groups"; fi
single=topologies/single-group.topo
group=$(sed -n 's/^\[routing-group \(.*\)\]$/\1/p' "$single" | head -n 1)
expect "--from in an organisation of one group exits 0" 0 "$msgflow" routes "$single" --from "$group"
same_text "one group: no other routing group" "$tmp/out" <<'EOF'
(no other routing group)
EOF
expect "--table exits 0" 0 "$msgflow" routes "$mesh" --from Seattle --to Sydney --table
contains "--table starts with the link-state table" "$tmp/out" "General info"
contains "--table has the all-pairs table" "$tmp/out" "  Sydney   London     25      1  Sydney -[TYO-SYD (reverse)]-> Tokyo -[TYO-LON]-> London"
if [ "$(tail -n 3 "$tmp/out" | head -n 1)" = "Seattle -> Sydney: cost 20, 2 equal-cost routes" ]; then ok "--table ends with the route asked for"; else not_ok "--table ends with the route asked for"; fi
expect "routes FILE alone exits 0" 0 "$msgflow" routes "$mesh"
contains "routes FILE alone keeps the link-state table" "$tmp/out" "General info"
contains "routes FILE alone keeps the all-pairs table" "$tmp/out" "  Seattle  Sydney     20      2  Seattle -[SEA-SYD]-> Sydney"
lacks "routes FILE alone lists no equal-cost routes in full" "$tmp/out" "equal-cost routes"

# ---------------------------------------------------------------- was
expect "--down on one route exits 0" 0 "$msgflow" routes "$contoso" --from Seattle --to Brussels --down LON-BRU
same_text "--down shows the route and what it was" "$tmp/out" <<'EOF'
Seattle -> Brussels: cost 30, 1 route
  Seattle -[SEA-TYO]-> Tokyo -[TYO-BRU]-> Brussels
  was cost 20: Seattle -[SEA-LON]-> London -[LON-BRU]-> Brussels
EOF
expect "--down --json exits 0" 0 "$msgflow" routes "$contoso" --from Seattle --to Brussels --down LON-BRU --json
same_json "--json carries was" "$tmp/out" <<'EOF'
{"routes": [{"from": "Seattle", "to": "Brussels", "cost": 30, "path": ["Seattle", "Tokyo", "Brussels"],
  "connectors": ["SEA-TYO", "TYO-BRU"], "equal_cost_paths": 1, "alternatives": [],
  "was": {"cost": 20, "path": ["Seattle", "London", "Brussels"], "connectors": ["SEA-LON", "LON-BRU"],
          "equal_cost_paths": 1}}],
 "unreachable": [], "direct_dns": []}
EOF
expect "--down on an unchanged route exits 0" 0 "$msgflow" routes "$contoso" --from Seattle --to London --down LON-BRU
lacks "an unchanged route has no was" "$tmp/out" "was"
expect "--down on the all-pairs table exits 0" 0 "$msgflow" routes "$contoso" --down LON-BRU
contains "the table shows was under a changed line" "$tmp/out" "  NewYork       Brussels        40      1  NewYork -[SEA-NYC (reverse)]-> Seattle -[SEA-TYO]-> Tokyo -[TYO-BRU]-> Brussels
    was cost 25: NewYork -[NYC-LON]-> London -[LON-BRU]-> Brussels"
# Every changed pair crosses LON-BRU: exactly the was lines are those.
changed=$(grep -c '^    was cost [0-9]*: .*LON-BRU' "$tmp/out")
all_was=$(grep -c '^    was' "$tmp/out")
crossed=$("$msgflow" routes "$contoso" | grep -c -- '-\[LON-BRU\( (reverse)\)\?\]->')
if [ "$changed" -eq "$all_was" ] && [ "$changed" -eq "$crossed" ] && [ "$changed" -gt 0 ]; then
  ok "a was line for each of the $crossed routes over LON-BRU, and no other"
else not_ok "a was line for each route over LON-BRU ($changed, $all_was, $crossed)"; fi
contains "the table names the what-if" "$tmp/out" "What-if: down LON-BRU (connector, both directions)"

# ----------------------------------------------- domains and addresses
expect "an address as --to exits 0" 0 "$msgflow" routes "$contoso" --from Brussels --to Someone@Sales.Fabrikam.com
same_text "an address routes to its domain, with the address space that matched" "$tmp/out" <<'EOF'
Brussels -> sales.fabrikam.com: cost 15, 1 route
  Brussels -[LON-BRU (reverse)]-> London -[LON-Internet]-> sales.fabrikam.com
  address space: SMTP:*.fabrikam.com 5 of LON-Internet (smtp connector in London)
EOF
expect "the exact domain exits 0" 0 "$msgflow" routes "$contoso" --from Tokyo --to fabrikam.com
contains "the exact address space wins" "$tmp/out" "  address space: SMTP:fabrikam.com 5 of LON-Internet (smtp connector in London)"
expect "another domain exits 0" 0 "$msgflow" routes "$contoso" --from Seattle --to contoso.org
contains "SMTP:* of the cheaper gateway" "$tmp/out" "  address space: SMTP:* 10 of SEA-Internet (smtp connector in Seattle)"
expect "an address space --json exits 0" 0 "$msgflow" routes "$edge" --from HQ --to user@fabrikam.com --json
same_json "--json carries address_spaces" "$tmp/out" <<'EOF'
{"routes": [{"from": "HQ", "to": "fabrikam.com", "cost": 1, "path": ["HQ"], "connectors": ["HQ-Fabrikam"],
  "equal_cost_paths": 1, "alternatives": [],
  "address_spaces": [{"connector": "HQ-Fabrikam", "type": "smtp", "routing_group": "HQ",
                      "address_space": "SMTP:fabrikam.com", "cost": 1}]}],
 "unreachable": [], "direct_dns": []}
EOF
expect "a scoped-away domain exits 0" 0 "$msgflow" routes "$edge" --from Branch --to fabrikam.com
same_text "the only matching connector is out of scope: DNS" "$tmp/out" <<'EOF'
Branch -> fabrikam.com: no connector (out of scope: HQ-Fabrikam (scope routing group: HQ only)); the virtual servers send directly
  direct by DNS from BR-EX01's virtual server
  none from BR-EX02 (direct-internet = no: NDR 5.4.4)
EOF
expect "a domain no connector matches exits 0" 0 "$msgflow" routes "$edge" --from HQ --to tailspin.com --json
same_json "--json: direct_dns with nothing out of scope" "$tmp/out" <<'EOF'
{"routes": [], "unreachable": [],
 "direct_dns": [{"from": "HQ", "to": "tailspin.com",
                 "servers": [{"server": "HQ-EX01", "via": "dns"},
                             {"server": "HQ-EX02", "via": "smart-host relay.isp.net"}],
                 "out_of_scope": []}]}
EOF

# ------------------------------------------------------- no route: why
expect "a size limit and a failure exit 0" 0 "$msgflow" routes "$sizes" --from Headquarters --to Lisbon --size 5MB --down HQ-LIS-VPN
same_text "no route: the down connector and the size limit, and what it was" "$tmp/out" <<'EOF'
Headquarters -> Lisbon: no route (routes down, size limit)
  down: HQ-LIS-VPN
  message too large (5MB): HQ-LIS (max 2MB)
  was cost 50: Headquarters -[HQ-LIS-VPN]-> Lisbon
EOF
expect "a small message passes the limit" 0 "$msgflow" routes "$sizes" --from Headquarters --to Lisbon --size 1MB --down HQ-LIS-VPN
contains "below the limit the leased line carries it" "$tmp/out" "Headquarters -> Lisbon: cost 10, 1 route"
lacks "below the limit nothing is too large" "$tmp/out" "message too large"
expect "size limits alone exit 0" 0 "$msgflow" routes "$sizes" --size 5MB
contains "a large message takes the VPN" "$tmp/out" "  Headquarters  Lisbon          50      1  Headquarters -[HQ-LIS-VPN]-> Lisbon"
expect "the all-pairs table with a size and a failure exits 0" 0 "$msgflow" routes "$sizes" --size 5MB --down HQ-LIS-VPN
contains "the table gives the reasons on the unreachable line" "$tmp/out" "  Headquarters -> Lisbon: down: HQ-LIS-VPN; message too large (5MB): HQ-LIS (max 2MB)"
expect "size --json exits 0" 0 "$msgflow" routes "$sizes" --from Lisbon --to Headquarters --size 5MB --down HQ-LIS-VPN --json
same_json "--json: rejected and was for a pair without a route" "$tmp/out" <<'EOF'
{"routes": [], "unreachable": [{"from": "Lisbon", "to": "Headquarters",
  "rejected": [{"connector": "HQ-LIS (reverse)", "reason": "message too large", "cost": 10},
               {"connector": "HQ-LIS-VPN (reverse)", "reason": "down", "cost": 50}],
  "was": {"cost": 50, "path": ["Lisbon", "Headquarters"], "connectors": ["HQ-LIS-VPN (reverse)"],
          "equal_cost_paths": 1}}],
 "direct_dns": []}
EOF
expect "scope and a failure exit 0" 0 "$msgflow" routes "$scoped" --from Berlin --to northwindtraders.com --down HQ-Internet
contains "no route: the gateway down and Paris's line out of scope" "$tmp/out" "Berlin -> northwindtraders.com: no route (routes down, connector scope)"
contains "the scoped connector is named with its group" "$tmp/out" "  out of scope: PAR-ISP (scope routing group: Paris only)"
contains "the down gateway is named" "$tmp/out" "  down: HQ-Internet"
contains "scope: what it was" "$tmp/out" "  was cost 30: Berlin -[HQ-BER-VPN (reverse)]-> Headquarters -[HQ-Internet]-> northwindtraders.com"
expect "Paris keeps its own line" 0 "$msgflow" routes "$scoped" --from Paris --to northwindtraders.com --down HQ-Internet
same_text "Paris's route is unchanged" "$tmp/out" <<'EOF'
Paris -> northwindtraders.com: cost 1, 1 route
  Paris -[PAR-ISP]-> northwindtraders.com
  address space: SMTP:* 1 of PAR-ISP (smtp connector in Paris)
EOF
expect "London's bridgeheads down exits 0" 0 "$msgflow" routes "$contoso" --from Seattle --to fabrikam.com --down LON-BH01 --down LON-BH02
contains "every route cut by down connectors: all routes down" "$tmp/out" "Seattle -> fabrikam.com: no route (all routes down)"
contains "the down connectors are named" "$tmp/out" "LON-Internet"
contains "no fall-back to SMTP:*" "$tmp/out" "  less specific address space: SEA-Internet"

# -------------------------------------------------------- byte-stable
"$msgflow" routes "$contoso" --to fabrikam.com --down LON-BRU --size 2MB --table >"$tmp/a" 2>&1
"$msgflow" routes "$contoso" --to fabrikam.com --down LON-BRU --size 2MB --table >"$tmp/b" 2>&1
if cmp -s "$tmp/a" "$tmp/b" && [ -s "$tmp/a" ]; then ok "the same inputs give the same bytes"; else not_ok "the same inputs give the same bytes"; fi

echo "1..$n"
[ "$fails" -eq 0 ]
