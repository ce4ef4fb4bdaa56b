/* fuzz-replay.c — runs the fuzz targets over files named on the command
 * line (the seeds, the examples, the malformed corpus and every crash ever
 * found), as SQLite's fuzzcheck does, printing TAP.  Built with the normal
 * compiler, so `make check` and `make check-asan` replay the corpus without
 * libFuzzer.
 *
 *   fuzz-replay --target=topo FILE... --target=report FILE... ...
 *
 * Each --target=NAME applies to the files after it.  Every target's
 * LLVMFuzzerTestOneInput is included here under its own name; their
 * helpers carry the target's prefix, so they do not clash.
 */
#define LLVMFuzzerTestOneInput fuzz_topo_one
#include "fuzz-topo.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_report_one
#include "fuzz-report.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_values_one
#include "fuzz-values.c"
#undef LLVMFuzzerTestOneInput

#include <stdio.h>

typedef int (*FuzzTarget) (const uint8_t *data, size_t size);

static const struct {
  const char *name;
  FuzzTarget run;
} targets[] = {
  { "topo", fuzz_topo_one },
  { "report", fuzz_report_one },
  { "values", fuzz_values_one },
};

int
main (int argc, char **argv)
{
  const char *target = NULL;
  FuzzTarget run = NULL;
  int files = 0, n = 0;

  for (int i = 1; i < argc; i++)
    if (!g_str_has_prefix (argv[i], "--target="))
      files++;
  printf ("1..%d\n", files);
  for (int i = 1; i < argc; i++)
    {
      gchar *data = NULL;
      gsize len = 0;
      GError *error = NULL;

      if (g_str_has_prefix (argv[i], "--target="))
        {
          target = argv[i] + strlen ("--target=");
          run = NULL;
          for (gsize t = 0; t < G_N_ELEMENTS (targets); t++)
            if (strcmp (targets[t].name, target) == 0)
              run = targets[t].run;
          if (run == NULL)
            {
              fprintf (stderr, "fuzz-replay: no target %s\n", target);
              return 2;
            }
          continue;
        }
      if (run == NULL)
        {
          fprintf (stderr, "fuzz-replay: %s: no --target=NAME before it\n", argv[i]);
          return 2;
        }
      if (!g_file_get_contents (argv[i], &data, &len, &error))
        {
          printf ("not ok %d - %s %s: %s\n", ++n, target, argv[i], error->message);
          g_error_free (error);
          continue;
        }
      run ((const uint8_t *) data, len);
      g_free (data);
      printf ("ok %d - %s %s\n", ++n, target, argv[i]);
    }
  return 0;
}
