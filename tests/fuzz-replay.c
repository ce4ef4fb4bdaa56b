/* fuzz-replay.c — runs the fuzz target over files named on the command line
 * (the examples, the malformed corpus and every crash ever found), as
 * SQLite's fuzzcheck does, printing TAP.  Built with the normal compiler, so
 * `make check` and `make check-asan` replay the corpus without libFuzzer. */
#include "fuzz-topo.c"

#include <stdio.h>

int
main (int argc, char **argv)
{
  int n = 0;

  printf ("1..%d\n", argc - 1);
  for (int i = 1; i < argc; i++)
    {
      gchar *data = NULL;
      gsize len = 0;
      GError *error = NULL;

      if (!g_file_get_contents (argv[i], &data, &len, &error))
        {
          printf ("not ok %d - %s: %s\n", ++n, argv[i], error->message);
          g_error_free (error);
          continue;
        }
      LLVMFuzzerTestOneInput ((const uint8_t *) data, len);
      g_free (data);
      printf ("ok %d - %s\n", ++n, argv[i]);
    }
  return 0;
}
