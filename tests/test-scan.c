/* test-scan.c — the line scanner of topo-scan.c on its own, before the
 * loader: sections and keys with their lines, the normalised text and its
 * line numbering, and every fault it reports (duplicates, keys before the
 * first section, bad headers and names, long lines, NUL, invalid UTF-8,
 * control characters, UTF-16) with its exact message and line.  Also the
 * name check and the suggestion used in messages. */
#include "model/topo-scan.h"
#include "model/topology.h"

#include <string.h>

/* Scan `len` bytes as "f.topo"; *errors gets the diagnostics text. */
static MfScan *
scan_bytes (const char *data, gsize len, char **errors)
{
  g_autoptr (MfDiag) diag = mf_diag_new ("f.topo");
  MfScan *scan = mf_topo_scan (data, len, diag);

  g_assert_nonnull (scan);
  *errors = mf_diag_errors_text (diag);
  return scan;
}

static MfScan *
scan_text (const char *text, char **errors)
{
  return scan_bytes (text, strlen (text), errors);
}

static const MfScanSection *
section (const MfScan *scan, guint i)
{
  g_assert_cmpuint (i, <, scan->sections->len);
  return g_ptr_array_index (scan->sections, i);
}

static const MfScanKey *
key (const MfScanSection *sec, guint i)
{
  g_assert_cmpuint (i, <, sec->keys->len);
  return g_ptr_array_index (sec->keys, i);
}

static guint
count_lines (const char *text)
{
  guint n = 0;
  for (const char *p = text; *p != '\0'; p++)
    n += *p == '\n';
  return n;
}

static void
test_sections_and_keys (void)
{
  g_autofree char *errors = NULL;
  g_autoptr (MfScan) scan = scan_text ("# a comment\n"
                                       "[organization]  # trailing\n"
                                       "name = Contoso # trailing comment\n"
                                       "\n"
                                       "[server A-1.b_c]\n"
                                       "  routing-group=RG1  \n"
                                       "note = a#b\n"
                                       "empty =\n"
                                       "\t# indented comment\n",
                                       &errors);
  const MfScanSection *org, *server;

  g_assert_cmpstr (errors, ==, "");
  g_assert_false (scan->unreadable);
  g_assert_cmpuint (scan->sections->len, ==, 2);
  org = section (scan, 0);
  g_assert_cmpstr (org->header, ==, "organization");
  g_assert_cmpstr (org->kind, ==, "organization");
  g_assert_null (org->name);
  g_assert_cmpint (org->line, ==, 2);
  g_assert_false (org->damaged);
  g_assert_cmpuint (org->keys->len, ==, 1);
  g_assert_cmpstr (key (org, 0)->name, ==, "name");
  g_assert_cmpstr (key (org, 0)->value, ==, "Contoso");
  g_assert_cmpint (key (org, 0)->line, ==, 3);

  server = section (scan, 1);
  g_assert_cmpstr (server->header, ==, "server A-1.b_c");
  g_assert_cmpstr (server->kind, ==, "server");
  g_assert_cmpstr (server->name, ==, "A-1.b_c");
  g_assert_cmpint (server->line, ==, 5);
  g_assert_cmpuint (server->keys->len, ==, 3);
  g_assert_cmpstr (key (server, 0)->name, ==, "routing-group");
  g_assert_cmpstr (key (server, 0)->value, ==, "RG1");
  g_assert_cmpint (key (server, 0)->line, ==, 6);
  /* A '#' with no space before it is part of the value. */
  g_assert_cmpstr (key (server, 1)->value, ==, "a#b");
  g_assert_cmpstr (key (server, 2)->value, ==, "");
  g_assert_cmpint (key (server, 2)->line, ==, 8);

  g_assert_cmpstr (scan->normalized, ==,
                   "\n[organization]\nname=Contoso\n\n[server A-1.b_c]\n"
                   "routing-group=RG1\nnote=a#b\nempty=\n\n");
  g_assert_cmpuint (scan->normalized_len, ==, strlen (scan->normalized));
}

/* The last line needs no newline; every line keeps its number. */
static void
test_no_final_newline (void)
{
  g_autofree char *errors = NULL;
  g_autoptr (MfScan) scan = scan_text ("[traffic]\nrate = 5", &errors);

  g_assert_cmpstr (errors, ==, "");
  g_assert_cmpstr (key (section (scan, 0), 0)->value, ==, "5");
  g_assert_cmpint (key (section (scan, 0), 0)->line, ==, 2);
  g_assert_cmpstr (scan->normalized, ==, "[traffic]\nrate=5\n");
}

static void
test_crlf (void)
{
  g_autofree char *errors = NULL;
  g_autoptr (MfScan) scan = scan_text ("[organization]\r\nname = X\r\n\r\n[server S]\r\n", &errors);

  g_assert_cmpstr (errors, ==, "");
  g_assert_cmpuint (scan->sections->len, ==, 2);
  g_assert_cmpstr (key (section (scan, 0), 0)->value, ==, "X");
  g_assert_cmpint (section (scan, 1)->line, ==, 4);
  g_assert_null (strchr (scan->normalized, '\r'));
}

static void
test_utf8_bom_skipped (void)
{
  g_autofree char *errors = NULL;
  g_autoptr (MfScan) scan = scan_text ("\xef\xbb\xbf[organization]\nname = Ü\n", &errors);

  g_assert_cmpstr (errors, ==, "");
  g_assert_cmpstr (section (scan, 0)->header, ==, "organization");
  g_assert_cmpint (section (scan, 0)->line, ==, 1);
  g_assert_cmpstr (key (section (scan, 0), 0)->value, ==, "Ü");
  g_assert_cmpstr (scan->normalized, ==, "[organization]\nname=Ü\n");
}

/* UTF-16, with either byte order mark or none: one whole-file error and
 * nothing read. */
static void
test_utf16 (void)
{
  static const struct {
    const char *data;
    gsize len;
  } cases[] = {
    { "\xff\xfe[\0o\0", 6 },
    { "\xfe\xff\0[\0o", 6 },
    { "[\0o\0r\0", 6 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *errors = NULL;
      g_autoptr (MfScan) scan = scan_bytes (cases[i].data, cases[i].len, &errors);

      g_assert_cmpstr (errors, ==, "f.topo: the file is UTF-16: save it as UTF-8");
      g_assert_true (scan->unreadable);
      g_assert_cmpuint (scan->sections->len, ==, 0);
      g_assert_cmpstr (scan->normalized, ==, "");
    }
}

static void
test_duplicates (void)
{
  g_autofree char *errors = NULL;
  g_autoptr (MfScan) scan = scan_text ("[server A]\n"         /* 1 */
                                       "cost = 1\n"           /* 2 */
                                       "cost = 2\n"           /* 3 */
                                       "[server B]\n"         /* 4 */
                                       "cost = 3\n"           /* 5 */
                                       "[server A]\n"         /* 6 */
                                       "cost = 4\n"           /* 7: ignored, silently */
                                       "[server B]\n",        /* 8 */
                                       &errors);

  g_assert_cmpstr (errors, ==,
                   "f.topo:3: duplicate key 'cost' in [server A] (first at line 2)\n"
                   "f.topo:6: duplicate section [server A] (first at line 1)\n"
                   "f.topo:8: duplicate section [server B] (first at line 4)");
  g_assert_cmpuint (scan->sections->len, ==, 2);
  g_assert_cmpuint (section (scan, 0)->keys->len, ==, 1);
  g_assert_cmpstr (key (section (scan, 0), 0)->value, ==, "1");
  /* A duplicate is not a damaged line: the section is complete. */
  g_assert_false (section (scan, 0)->damaged);
  g_assert_cmpuint (section (scan, 1)->keys->len, ==, 1);
  g_assert_cmpstr (scan->normalized, ==, "[server A]\ncost=1\n\n[server B]\ncost=3\n\n\n\n");
}

static void
test_key_before_first_section (void)
{
  g_autofree char *errors = NULL;
  g_autoptr (MfScan) scan = scan_text ("\nname = X\n[organization]\n", &errors);

  g_assert_cmpstr (errors, ==, "f.topo:2: key 'name' before the first section");
  g_assert_cmpuint (scan->sections->len, ==, 1);
  g_assert_cmpuint (section (scan, 0)->keys->len, ==, 0);
  g_assert_cmpstr (scan->normalized, ==, "\n\n[organization]\n");
}

/* Keys after a rejected header belong to no section; they are not also
 * reported as coming before the first section. */
static void
test_rejected_headers (void)
{
  g_autofree char *errors = NULL;
  g_autoptr (MfScan) scan = scan_text ("[sever A]\n"             /* 1 */
                                       "cost = 1\n"              /* 2 */
                                       "[zzzzzzzz]\n"            /* 3 */
                                       "[server]\n"              /* 4 */
                                       "[organization X]\n"      /* 5 */
                                       "[connector a/b]\n"       /* 6 */
                                       "[server A\n"             /* 7 */
                                       "[server [A]]\n"          /* 8 */
                                       "[routing-group RG]\n",   /* 9 */
                                       &errors);

  g_assert_cmpstr (errors, ==,
                   "f.topo:1: unknown section [sever A] (did you mean [server]?)\n"
                   "f.topo:3: unknown section [zzzzzzzz] (sections: organization, "
                   "routing-group, server, connector, traffic, flow, event, internet, domain)\n"
                   "f.topo:4: section [server] needs a name: [server NAME]\n"
                   "f.topo:5: section [organization] takes no name\n"
                   "f.topo:6: connector name 'a/b' has characters other than A-Z a-z 0-9 . _ - and space\n"
                   "f.topo:7: malformed section header: expected [kind NAME]\n"
                   "f.topo:8: malformed section header: expected [kind NAME]");
  g_assert_cmpuint (scan->sections->len, ==, 1);
  g_assert_cmpstr (section (scan, 0)->kind, ==, "routing-group");
  g_assert_cmpint (section (scan, 0)->line, ==, 9);
  /* Known kinds whose only header was rejected; not unknown ones, and not
   * a kind that was accepted later. */
  g_assert_true (g_hash_table_contains (scan->rejected_kinds, "server"));
  g_assert_true (g_hash_table_contains (scan->rejected_kinds, "organization"));
  g_assert_true (g_hash_table_contains (scan->rejected_kinds, "connector"));
  g_assert_false (g_hash_table_contains (scan->rejected_kinds, "sever"));
  g_assert_false (g_hash_table_contains (scan->rejected_kinds, "routing-group"));
  g_assert_cmpuint (count_lines (scan->normalized), ==, 9);
}

static void
test_long_name (void)
{
  g_autofree char *name = g_strnfill (MF_TOPO_MAX_NAME_BYTES + 1, 'n');
  g_autofree char *text = g_strdup_printf ("[server %s]\n[flow %.*s]\n", name,
                                           MF_TOPO_MAX_NAME_BYTES, name);
  g_autofree char *errors = NULL;
  g_autoptr (MfScan) scan = scan_text (text, &errors);
  g_autofree char *want = g_strdup_printf ("f.topo:1: server name is longer than %d bytes",
                                           MF_TOPO_MAX_NAME_BYTES);

  g_assert_cmpstr (errors, ==, want);
  g_assert_cmpuint (scan->sections->len, ==, 1);
  g_assert_cmpuint (strlen (section (scan, 0)->name), ==, MF_TOPO_MAX_NAME_BYTES);
}

static void
test_bad_key_lines (void)
{
  g_autofree char *errors = NULL;
  g_autoptr (MfScan) scan = scan_text ("[traffic]\n"      /* 1 */
                                       "just words\n"     /* 2 */
                                       " = value\n"       /* 3 */
                                       "a b = c\n"        /* 4 */
                                       "ok = 1\n",        /* 5 */
                                       &errors);

  g_assert_cmpstr (errors, ==,
                   "f.topo:2: expected 'key = value', a [section] header or a # comment\n"
                   "f.topo:3: missing key name before '='\n"
                   "f.topo:4: 'a b' is not a key name");
  g_assert_cmpuint (section (scan, 0)->keys->len, ==, 1);
  g_assert_cmpint (key (section (scan, 0), 0)->line, ==, 5);
  /* A rejected line marks its section damaged. */
  g_assert_true (section (scan, 0)->damaged);
  g_assert_cmpstr (scan->normalized, ==, "[traffic]\n\n\n\nok=1\n");
}

/* Over-long lines, NUL bytes, invalid UTF-8 and control characters are
 * rejected at their line; the rest of the file is still read. */
static void
test_byte_faults (void)
{
  static const char text[] = "[traffic]\n"      /* 1 */
                             "a = b\0c\n"       /* 2 */
                             "b = \xff\xfe\n"   /* 3 */
                             "c = \xc3\n"       /* 4: truncated sequence */
                             "d = x\x01y\n"     /* 5 */
                             "e = x\x7fy\n"     /* 6 */
                             "f = tab\there\n"; /* 7: a tab is fine */
  g_autofree char *errors = NULL;
  g_autoptr (MfScan) scan = scan_bytes (text, sizeof text - 1, &errors);

  g_assert_cmpstr (errors, ==,
                   "f.topo:2: NUL byte in the line\n"
                   "f.topo:3: invalid UTF-8\n"
                   "f.topo:4: invalid UTF-8\n"
                   "f.topo:5: control character 0x01 in the line\n"
                   "f.topo:6: control character 0x7f in the line");
  g_assert_cmpuint (section (scan, 0)->keys->len, ==, 1);
  g_assert_cmpstr (key (section (scan, 0), 0)->name, ==, "f");
  g_assert_cmpstr (key (section (scan, 0), 0)->value, ==, "tab\there");
  g_assert_true (section (scan, 0)->damaged);
  g_assert_cmpuint (count_lines (scan->normalized), ==, 7);
}

/* The limit is on the line without its end: exactly the limit passes,
 * one byte more is rejected, and a CR does not count. */
static void
test_long_lines (void)
{
  const gsize limit = MF_TOPO_MAX_LINE_BYTES;
  g_autofree char *fill_ok = g_strnfill (limit - 4, 'v');
  g_autofree char *fill_long = g_strnfill (limit - 3, 'v');
  g_autofree char *text = g_strdup_printf ("[traffic]\nk = %s\r\nl = %s\nm = 1\n", fill_ok,
                                           fill_long);
  g_autofree char *errors = NULL;
  g_autoptr (MfScan) scan = scan_text (text, &errors);
  g_autofree char *want = g_strdup_printf ("f.topo:3: line is longer than the limit of %d bytes",
                                           MF_TOPO_MAX_LINE_BYTES);

  g_assert_cmpstr (errors, ==, want);
  g_assert_cmpuint (section (scan, 0)->keys->len, ==, 2);
  g_assert_cmpuint (strlen (key (section (scan, 0), 0)->value), ==, limit - 4);
  g_assert_cmpstr (key (section (scan, 0), 1)->name, ==, "m");
  g_assert_cmpint (key (section (scan, 0), 1)->line, ==, 4);
}

static void
test_name_is_valid (void)
{
  g_autofree char *longest = g_strnfill (MF_TOPO_MAX_NAME_BYTES, 'a');
  g_autofree char *too_long = g_strnfill (MF_TOPO_MAX_NAME_BYTES + 1, 'a');

  g_assert_true (mf_name_is_valid ("SEA-MBX01"));
  g_assert_true (mf_name_is_valid ("a.b_c-9"));
  g_assert_true (mf_name_is_valid (longest));
  g_assert_false (mf_name_is_valid (too_long));
  g_assert_false (mf_name_is_valid (""));
  g_assert_false (mf_name_is_valid ("a b"));
  g_assert_false (mf_name_is_valid ("a/b"));
  g_assert_false (mf_name_is_valid ("Ü"));
}

static void
test_suggest (void)
{
  static const char *const known[] = { "server", "connector", "routing-group", "flow" };
  const gsize n = G_N_ELEMENTS (known);

  g_assert_cmpstr (mf_suggest ("sever", known, n), ==, "server");
  g_assert_cmpstr (mf_suggest ("CONECTOR", known, n), ==, "connector");
  /* A prefix of three letters or more is an abbreviation. */
  g_assert_cmpstr (mf_suggest ("rout", known, n), ==, "routing-group");
  /* Short words allow one edit only. */
  g_assert_cmpstr (mf_suggest ("flo", known, n), ==, "flow");
  g_assert_null (mf_suggest ("fx", known, n));
  g_assert_null (mf_suggest ("zzzzzz", known, n));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/scan/sections-and-keys", test_sections_and_keys);
  g_test_add_func ("/scan/no-final-newline", test_no_final_newline);
  g_test_add_func ("/scan/crlf", test_crlf);
  g_test_add_func ("/scan/utf8-bom-skipped", test_utf8_bom_skipped);
  g_test_add_func ("/scan/utf16", test_utf16);
  g_test_add_func ("/scan/duplicates", test_duplicates);
  g_test_add_func ("/scan/key-before-first-section", test_key_before_first_section);
  g_test_add_func ("/scan/rejected-headers", test_rejected_headers);
  g_test_add_func ("/scan/long-name", test_long_name);
  g_test_add_func ("/scan/bad-key-lines", test_bad_key_lines);
  g_test_add_func ("/scan/byte-faults", test_byte_faults);
  g_test_add_func ("/scan/long-lines", test_long_lines);
  g_test_add_func ("/scan/name-is-valid", test_name_is_valid);
  g_test_add_func ("/scan/suggest", test_suggest);
  return g_test_run ();
}
