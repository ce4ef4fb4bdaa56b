/* main.c — the msgflow program: hand the arguments to the command table
 * (cli.c).  Nothing else lives here, so the tests exercise the very same
 * code through libsim.a. */
#include "cli/cli.h"

#include <locale.h>
#include <signal.h>

int
main (int argc, char **argv)
{
  /* Character classes only: numbers are always printed the C way. */
  setlocale (LC_CTYPE, "");
  /* A file over `ulimit -f` must fail its write with EFBIG, which msgflow
   * reports, not kill the process half way through a result. */
  signal (SIGXFSZ, SIG_IGN);
  return mf_cli_main (argc, argv);
}
