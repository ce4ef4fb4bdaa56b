/* cli.h — the command table and the conventions every command follows.
 *
 * Owns: dispatch from `msgflow COMMAND ...` to a command function, the
 * top-level --help and --version, exit codes, and the preamble shared by the
 * commands that take one topology file.  Each command lives in its
 * own sim/cli/cmd-NAME.c, parses its options with GOptionContext, calls the
 * library and prints; argv[0] is the command's name.
 */
#ifndef MF_CLI_H
#define MF_CLI_H

#include "model/topology.h"

#include <glib.h>

G_BEGIN_DECLS

#define MF_VERSION "0.1.0"

/* Exit codes for every command. */
enum {
  MF_EXIT_OK = 0,
  MF_EXIT_FAILURE = 1, /* a failure while running */
  MF_EXIT_USAGE = 2,   /* bad usage or bad input */
};

typedef int (*MfCommandFunc) (int argc, char **argv);

typedef struct {
  const char *name;
  const char *summary;
  MfCommandFunc run;
} MfCommand;

/* Run msgflow with these arguments; returns the exit code. */
int mf_cli_main (int argc, char **argv);

/* Parse a command's options (`entries`, already added to `context`); on an
 * unknown option, a bad value or an empty value of any string or file
 * option print "msgflow CMD: message" and the hint to --help to stderr, one
 * line each, and return FALSE (the caller exits MF_EXIT_USAGE). */
gboolean mf_cli_parse (GOptionContext *context, const GOptionEntry *entries, int *argc,
                       char ***argv);

/* Print "msgflow CMD: message" and a hint to --help on stderr, for the
 * command being run; returns MF_EXIT_USAGE. */
int mf_cli_usage_error (const char *format, ...) G_GNUC_PRINTF (1, 2);

/* The command preamble for the topology file, in two steps because each
 * command checks its other options in between and the first error found
 * is the one reported.
 *
 * mf_cli_parse_one_file: parses the options (as mf_cli_parse), then
 * checks that argv holds the command name and exactly one file.  Otherwise
 * prints `none` (no file) or `several` (more than one) as a usage error and
 * returns MF_EXIT_USAGE; the wording is each command's own.  Returns
 * MF_EXIT_OK when it holds.
 *
 * mf_cli_load_topology: loads `path` into *out.  On failure prints the
 * loader's messages (FILE:LINE: message, one per line) to stderr, leaves
 * *out NULL and returns MF_EXIT_USAGE: a bad input file is bad input.
 * `path` is a regular file or "-" for stdin (mf_topo_read_file).
 *
 * mf_cli_load_topology_text: the same, and when `text` is not NULL also
 * the bytes that were loaded, for a command that keeps a copy (stdin
 * cannot be read twice). */
int mf_cli_parse_one_file (GOptionContext *context, const GOptionEntry *entries, int *argc,
                           char ***argv, const char *none, const char *several);
int mf_cli_load_topology (const char *path, MfTopology **out);
int mf_cli_load_topology_text (const char *path, MfTopology **out, GBytes **text);

/* Commands (one file each). */
int mf_cmd_check (int argc, char **argv);
int mf_cmd_trace (int argc, char **argv);
int mf_cmd_simulate (int argc, char **argv);
int mf_cmd_report (int argc, char **argv);
int mf_cmd_compare (int argc, char **argv);
int mf_cmd_sweep (int argc, char **argv);
int mf_cmd_sweep_merge (int argc, char **argv);
int mf_cmd_routes (int argc, char **argv);
int mf_cmd_analyze (int argc, char **argv);
int mf_cmd_export (int argc, char **argv);

G_END_DECLS

#endif /* MF_CLI_H */
