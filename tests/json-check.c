/* json-check.c — JSON questions for the shell tests (cli.t), answered by
 * parsing with json-glib rather than by matching text.
 *
 *   json-check has FILE NAME[.NAME...]       the member exists (objects only)
 *   json-check same FILE1 FILE2 [SKIP...]    equal values once members named
 *                                            SKIP are dropped at every depth
 *   json-check length FILE NAME[.NAME...]    print the length of that array
 *   json-check value FILE NAME[.NAME...]     print that scalar (null as "null")
 *   json-check find FILE ARRAY KEY=VALUE... NAME
 *                                            print member NAME of the first
 *                                            object of array ARRAY whose
 *                                            members KEY are VALUE (as value
 *                                            prints them)
 *
 * Exit 0 yes, 1 no, 2 bad usage or a file that does not parse.
 */
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

static JsonNode *
load (const char *path)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;

  if (!json_parser_load_from_file (parser, path, &error))
    {
      fprintf (stderr, "json-check: %s: %s\n", path, error->message);
      exit (2);
    }
  if (json_parser_get_root (parser) == NULL)
    {
      fprintf (stderr, "json-check: %s: empty\n", path);
      exit (2);
    }
  return json_node_copy (json_parser_get_root (parser));
}

static void
drop_members (JsonNode *node, char **skip)
{
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *a = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (a); i++)
        drop_members (json_array_get_element (a, i), skip);
    }
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *o = json_node_get_object (node);
      for (char **s = skip; *s != NULL; s++)
        if (json_object_has_member (o, *s))
          json_object_remove_member (o, *s);
      g_autoptr (GList) members = json_object_get_members (o);
      for (GList *l = members; l != NULL; l = l->next)
        drop_members (json_object_get_member (o, l->data), skip);
    }
}

/* The member at PATH ("a.b.c", objects only), or NULL. */
static JsonNode *
member (JsonNode *root, const char *path)
{
  g_auto (GStrv) names = g_strsplit (path, ".", -1);
  JsonNode *node = root;
  for (char **n = names; *n != NULL; n++)
    {
      if (!JSON_NODE_HOLDS_OBJECT (node)
          || !json_object_has_member (json_node_get_object (node), *n))
        return NULL;
      node = json_object_get_member (json_node_get_object (node), *n);
    }
  return node;
}

/* A scalar as text (null as "null"); NULL for an object, array or nothing. */
static char *
scalar_text (JsonNode *node)
{
  if (node == NULL || (!JSON_NODE_HOLDS_VALUE (node) && !JSON_NODE_HOLDS_NULL (node)))
    return NULL;
  if (JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("null");
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return g_strdup (json_node_get_boolean (node) ? "true" : "false");
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  return g_strdup_printf ("%.17g", json_node_get_double (node));
}

int
main (int argc, char **argv)
{
  if (argc == 4 && strcmp (argv[1], "has") == 0)
    {
      g_autoptr (JsonNode) root = load (argv[2]);
      return member (root, argv[3]) != NULL ? 0 : 1;
    }
  if (argc == 4 && strcmp (argv[1], "value") == 0)
    {
      g_autoptr (JsonNode) root = load (argv[2]);
      g_autofree char *text = scalar_text (member (root, argv[3]));
      if (text == NULL)
        return 1;
      printf ("%s\n", text);
      return 0;
    }
  if (argc >= 6 && strcmp (argv[1], "find") == 0)
    {
      g_autoptr (JsonNode) root = load (argv[2]);
      JsonNode *array = member (root, argv[3]);
      if (array == NULL || !JSON_NODE_HOLDS_ARRAY (array))
        return 1;
      JsonArray *a = json_node_get_array (array);
      for (guint i = 0; i < json_array_get_length (a); i++)
        {
          JsonNode *e = json_array_get_element (a, i);
          gboolean match = TRUE;
          for (int k = 4; k < argc - 1 && match; k++)
            {
              g_auto (GStrv) kv = g_strsplit (argv[k], "=", 2);
              g_autofree char *got = kv[1] != NULL ? scalar_text (member (e, kv[0])) : NULL;
              match = got != NULL && strcmp (got, kv[1]) == 0;
            }
          if (match)
            {
              g_autofree char *text = scalar_text (member (e, argv[argc - 1]));
              if (text == NULL)
                return 1;
              printf ("%s\n", text);
              return 0;
            }
        }
      return 1;
    }
  if (argc == 4 && strcmp (argv[1], "length") == 0)
    {
      g_autoptr (JsonNode) root = load (argv[2]);
      JsonNode *node = member (root, argv[3]);
      if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
        return 1;
      printf ("%u\n", json_array_get_length (json_node_get_array (node)));
      return 0;
    }
  if (argc >= 4 && strcmp (argv[1], "same") == 0)
    {
      g_autoptr (JsonNode) a = load (argv[2]);
      g_autoptr (JsonNode) b = load (argv[3]);
      drop_members (a, argv + 4);
      drop_members (b, argv + 4);
      return json_node_equal (a, b) ? 0 : 1;
    }
  fprintf (stderr, "usage: json-check has FILE NAME[.NAME...]\n"
                   "       json-check same FILE1 FILE2 [SKIP...]\n"
                   "       json-check length FILE NAME[.NAME...]\n"
                   "       json-check value FILE NAME[.NAME...]\n"
                   "       json-check find FILE ARRAY KEY=VALUE... NAME\n");
  return 2;
}
