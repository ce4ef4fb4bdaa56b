/* main.c — the msgflow program: hand the arguments to the command table
 * (cli.c).  Nothing else lives here, so the tests exercise the very same
 * code through libsim.a. */
#include "cli/cli.h"

#include <locale.h>

int
main (int argc, char **argv)
{
  /* Character classes only: numbers are always printed the C way. */
  setlocale (LC_CTYPE, "");
  return mf_cli_main (argc, argv);
}
