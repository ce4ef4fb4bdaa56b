/* fuzz-topo.c — libFuzzer target for the topology loader.
 *
 * Any bytes: parse; a file that loads is serialised, parsed again and
 * serialised again, and the two texts must be equal (igraph read_gml.cpp's
 * round trip).  Nothing may crash, leak or trip a sanitizer.  The same
 * function is replayed over the corpus by fuzz-replay.c in `make check`.
 */
#include "model/topology.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  GError *error = NULL;
  MfTopology *a = mf_topo_parse_data ("fuzz.topo", (const char *) data, size, &error);
  char *text_a, *text_b;
  MfTopology *b;

  if (a == NULL)
    {
      /* Every rejection carries a message naming the file. */
      if (error == NULL || strncmp (error->message, "fuzz.topo", 9) != 0)
        abort ();
      g_error_free (error);
      return 0;
    }
  text_a = mf_topo_to_string (a);
  b = mf_topo_parse_data ("fuzz.topo", text_a, strlen (text_a), &error);
  if (b == NULL)
    {
      fprintf (stderr, "round trip failed: %s\n--- text ---\n%s\n", error->message, text_a);
      abort ();
    }
  text_b = mf_topo_to_string (b);
  if (strcmp (text_a, text_b) != 0)
    {
      fprintf (stderr, "round trip changed the model:\n--- first ---\n%s\n--- second ---\n%s\n",
               text_a, text_b);
      abort ();
    }
  g_free (text_a);
  g_free (text_b);
  mf_topo_free (a);
  mf_topo_free (b);
  return 0;
}
