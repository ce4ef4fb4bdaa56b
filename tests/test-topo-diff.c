/* test-topo-diff.c — two topology texts compared: a key changed, added and
 * removed, sections added and removed, names matched without regard to
 * case and spacing, comments and layout ignored, identical files empty. */
#include <glib.h>
#include <string.h>

#include "model/topo-diff.h"

static GPtrArray *
diff (const char *a, const char *b)
{
  return mf_topo_diff (a, strlen (a), b, strlen (b));
}

static const MfTopoDiffEntry *
at (GPtrArray *d, guint i)
{
  g_assert_cmpuint (i, <, d->len);
  return g_ptr_array_index (d, i);
}

static const char old_text[] =
  "[organization]\nname = Contoso\n\n"
  "[routing-group Hub]\n\n"
  "[server HUB-01]\nrouting-group = Hub\nrole = bridgehead\n\n"
  "[connector Hub-Spoke]\ntype = rgc\nfrom = Hub\nto = Spoke\ncost = 10\n\n"
  "[server OLD-01]\nrouting-group = Hub\n";

static void
test_changes (void)
{
  const char *new_text =
    "# a comment the diff does not see\n"
    "[organization]\nname   =   Contoso   # trailing comment\n\n"
    "[routing-group Hub]\n\n"
    "[server HUB-01]\nrouting-group = Hub\nmailboxes = 500\n\n"
    "[connector Hub-Spoke]\ntype = rgc\nfrom = Hub\nto = Spoke\ncost = 20\n\n"
    "[server NEW-01]\nrouting-group = Hub\n";
  g_autoptr (GPtrArray) d = diff (old_text, new_text);
  const MfTopoDiffEntry *e;

  g_assert_cmpuint (d->len, ==, 5);
  e = at (d, 0);
  g_assert_cmpint (e->kind, ==, MF_TOPO_DIFF_KEY_REMOVED);
  g_assert_cmpstr (e->section, ==, "server HUB-01");
  g_assert_cmpstr (e->key, ==, "role");
  g_assert_cmpstr (e->old_value, ==, "bridgehead");
  g_assert_null (e->new_value);
  e = at (d, 1);
  g_assert_cmpint (e->kind, ==, MF_TOPO_DIFF_KEY_ADDED);
  g_assert_cmpstr (e->key, ==, "mailboxes");
  g_assert_null (e->old_value);
  g_assert_cmpstr (e->new_value, ==, "500");
  e = at (d, 2);
  g_assert_cmpint (e->kind, ==, MF_TOPO_DIFF_KEY_CHANGED);
  g_assert_cmpstr (e->section, ==, "connector Hub-Spoke");
  g_assert_cmpstr (e->key, ==, "cost");
  g_assert_cmpstr (e->old_value, ==, "10");
  g_assert_cmpstr (e->new_value, ==, "20");
  e = at (d, 3);
  g_assert_cmpint (e->kind, ==, MF_TOPO_DIFF_SECTION_REMOVED);
  g_assert_cmpstr (e->section, ==, "server OLD-01");
  g_assert_null (e->key);
  e = at (d, 4);
  g_assert_cmpint (e->kind, ==, MF_TOPO_DIFF_SECTION_ADDED);
  g_assert_cmpstr (e->section, ==, "server NEW-01");
  g_assert_cmpstr (mf_topo_diff_kind_name (e->kind), ==, "section-added");
  g_assert_cmpstr (mf_topo_diff_kind_name (MF_TOPO_DIFF_KEY_CHANGED), ==, "key-changed");
}

static void
test_same (void)
{
  g_autoptr (GPtrArray) d = diff (old_text, old_text);
  g_assert_cmpuint (d->len, ==, 0);

  /* Names as msgflow matches them: case and runs of spaces do not count. */
  g_autoptr (GPtrArray) n = diff ("[routing-group First Routing Group]\n",
                                  "[routing-group first  routing group]\n");
  g_assert_cmpuint (n->len, ==, 0);

  /* The order of sections and keys does not count either. */
  g_autoptr (GPtrArray) o = diff ("[server A]\nx = 1\ny = 2\n[server B]\n",
                                  "[server B]\n[server A]\ny = 2\nx = 1\n");
  g_assert_cmpuint (o->len, ==, 0);
}

static void
test_empty (void)
{
  g_autoptr (GPtrArray) d = diff ("", "[traffic]\nrate = 5/h\n");
  g_assert_cmpuint (d->len, ==, 1);
  g_assert_cmpint (at (d, 0)->kind, ==, MF_TOPO_DIFF_SECTION_ADDED);
  g_assert_cmpstr (at (d, 0)->section, ==, "traffic");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/topo-diff/changes", test_changes);
  g_test_add_func ("/topo-diff/same", test_same);
  g_test_add_func ("/topo-diff/empty", test_empty);
  return g_test_run ();
}
