/* test-csv.c — base/csv: fields written and read back unchanged (commas,
 * quotes, CR/LF, empty fields), numbers in cells, and every malformed input
 * the reader refuses, with its exact message and line number. */
#include "base/csv.h"

#include <math.h>
#include <string.h>

/* Collects every record's fields, joined by '|', one string per record. */
static gboolean
collect (const MfCsvRecord *rec, gpointer user_data, GError **error)
{
  GPtrArray *rows = user_data;
  g_autoptr (GString) row = g_string_new (NULL);
  (void) error;

  for (guint i = 0; i < rec->n; i++)
    g_string_append_printf (row, "%s%s", i > 0 ? "|" : "", mf_csv_record_field (rec, i));
  g_ptr_array_add (rows, g_strdup_printf ("%u:%s", rec->line, row->str));
  return TRUE;
}

static gboolean
read_text (const char *text, const char *header, GPtrArray *rows, GError **error)
{
  return mf_csv_read ("t.csv", text, strlen (text), header, 64, collect, rows, error);
}

static void
test_field_quoting (void)
{
  static const struct {
    const char *text, *want;
  } cases[] = {
    { "plain", "plain" },
    { "", "" },
    { "a,b", "\"a,b\"" },
    { "say \"hi\"", "\"say \"\"hi\"\"\"" },
    { "\"", "\"\"\"\"" },
    { "two\nlines", "\"two\nlines\"" },
    { "cr\rlf\r\n", "\"cr\rlf\r\n\"" },
    { "Zürich (reverse)", "Zürich (reverse)" },
    { " spaces kept ", " spaces kept " },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GString) s = g_string_new (NULL);
      mf_csv_append_field (s, cases[i].text);
      g_assert_cmpstr (s->str, ==, cases[i].want);
    }
}

/* Every field written by mf_csv_append_field reads back as it was, and
 * line numbers count the line breaks inside quoted fields. */
static void
test_round_trip (void)
{
  static const char *const values[][3] = {
    { "a,b", "", "c\"d" },
    { "", "", "" },
    { "line\nbreak", "cr\r\nlf", "\"quoted\"" },
    { "x", ",", "\n" },
  };
  g_autoptr (GString) text = g_string_new ("one,two,three\n");
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;

  for (gsize r = 0; r < G_N_ELEMENTS (values); r++)
    {
      for (int c = 0; c < 3; c++)
        {
          if (c > 0)
            g_string_append_c (text, ',');
          mf_csv_append_field (text, values[r][c]);
        }
      g_string_append_c (text, '\n');
    }
  g_assert_true (read_text (text->str, "one,two,three", rows, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, G_N_ELEMENTS (values));
  g_assert_cmpstr (rows->pdata[0], ==, "2:a,b||c\"d");
  g_assert_cmpstr (rows->pdata[1], ==, "3:||");
  g_assert_cmpstr (rows->pdata[2], ==, "4:line\nbreak|cr\r\nlf|\"quoted\"");
  g_assert_cmpstr (rows->pdata[3], ==, "7:x|,|\n"); /* line 4 holds two breaks */
}

/* CRLF line ends, a last line without one, and no rows at all. */
static void
test_line_ends (void)
{
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;

  g_assert_true (read_text ("a,b\r\n1,2\r\n3,4", "a,b", rows, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpstr (rows->pdata[0], ==, "2:1|2");
  g_assert_cmpstr (rows->pdata[1], ==, "3:3|4");

  g_ptr_array_set_size (rows, 0);
  g_assert_true (read_text ("a,b\n", "a,b", rows, &error));
  g_assert_cmpuint (rows->len, ==, 0);
}

static void
test_malformed (void)
{
  static const struct {
    const char *text;
    int code;
    const char *message;
  } cases[] = {
    { "time,n\n", MF_CSV_ERROR_HEADER, "t.csv:1: the header is not time_s,n" },
    { "time_s\n", MF_CSV_ERROR_HEADER, "t.csv:1: the header is not time_s,n" },
    { "time_s,n,x\n", MF_CSV_ERROR_HEADER, "t.csv:1: the header is not time_s,n" },
    { "", MF_CSV_ERROR_HEADER, "t.csv:1: the header is not time_s,n" },
    { "time_s,n\n1\n", MF_CSV_ERROR_FIELDS, "t.csv:2: 1 fields, expected 2" },
    { "time_s,n\n1,2\n3,4,5\n", MF_CSV_ERROR_FIELDS, "t.csv:3: more than 2 fields" },
    { "time_s,n\n1,\"2\n", MF_CSV_ERROR_SYNTAX, "t.csv:2: unterminated quoted field" },
    { "time_s,n\n\"a\nb\",\"c\n", MF_CSV_ERROR_SYNTAX, "t.csv:2: unterminated quoted field" },
    { "time_s,n\n1,2\"3\n", MF_CSV_ERROR_SYNTAX, "t.csv:2: a quote inside an unquoted field" },
    { "time_s,n\n\"a\nb\",x\"y\n", MF_CSV_ERROR_SYNTAX,
      "t.csv:3: a quote inside an unquoted field" },
    { "time_s,n\n\"1\"x,2\n", MF_CSV_ERROR_SYNTAX, "t.csv:2: unexpected character after a field" },
    { "time_s,n\n1,2\r3\n", MF_CSV_ERROR_SYNTAX, "t.csv:2: unexpected character after a field" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
      g_autoptr (GError) error = NULL;

      g_assert_false (read_text (cases[i].text, "time_s,n", rows, &error));
      g_assert_error (error, MF_CSV_ERROR, cases[i].code);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
}

/* The bounds: fields in a header, bytes in a field, NUL bytes. */
static void
test_bounds (void)
{
  g_autoptr (GString) header = g_string_new ("c0");
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  static const char nul[] = "a\nx\0y\n";

  for (int i = 1; i <= MF_CSV_MAX_HEADER_FIELDS; i++)
    g_string_append_printf (header, ",c%d", i);
  g_assert_false (read_text (header->str, "a", rows, &error));
  g_assert_error (error, MF_CSV_ERROR, MF_CSV_ERROR_FIELDS);
  g_assert_cmpstr (error->message, ==, "t.csv:1: more than 64 fields");
  g_clear_error (&error);

  g_assert_false (mf_csv_read ("t.csv", "a\n123456\n", 9, "a", 5, collect, rows, &error));
  g_assert_cmpstr (error->message, ==, "t.csv:2: a field is too long or holds a NUL byte");
  g_clear_error (&error);
  g_assert_true (mf_csv_read ("t.csv", "a\n12345\n", 8, "a", 5, collect, rows, &error));

  g_assert_false (mf_csv_read ("t.csv", nul, sizeof nul - 1, "a", 64, collect, rows, &error));
  g_assert_cmpstr (error->message, ==, "t.csv:2: a field is too long or holds a NUL byte");
}

static gboolean
stop_at_second (const MfCsvRecord *rec, gpointer user_data, GError **error)
{
  (void) user_data;
  if (rec->line < 3)
    return TRUE;
  g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s:%u: %s is wrong", rec->path, rec->line,
               mf_csv_record_field (rec, 0));
  return FALSE;
}

/* The row function's own error goes through unchanged and stops reading. */
static void
test_row_error (void)
{
  g_autoptr (GError) error = NULL;
  const char *text = "a\n1\nbad\n3\n";

  g_assert_false (
    mf_csv_read ("t.csv", text, strlen (text), "a", 64, stop_at_second, NULL, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL);
  g_assert_cmpstr (error->message, ==, "t.csv:3: bad is wrong");
}

static void
test_numbers (void)
{
  static const struct {
    double x;
    const char *want;
  } cases[] = {
    { 0.0, "0" }, { -0.0, "0" }, { 60.0, "60" }, { 0.1, "0.1" },
    { 1.0 / 3.0, "0.3333333333333333" },
    { 1e-9, "0.000000001" }, { 1e15, "1000000000000000" }, { 123456789.0, "123456789" }, { NAN, "nan" },
    { INFINITY, "inf" }, { -INFINITY, "-inf" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GString) s = g_string_new (NULL);
      mf_csv_append_double (s, cases[i].x);
      g_assert_cmpstr (s->str, ==, cases[i].want);
    }
  g_autoptr (GString) u = g_string_new (NULL);
  mf_csv_append_u64 (u, G_MAXUINT64);
  g_assert_cmpstr (u->str, ==, "18446744073709551615");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/csv/write/quoting", test_field_quoting);
  g_test_add_func ("/csv/write/numbers", test_numbers);
  g_test_add_func ("/csv/read/round-trip", test_round_trip);
  g_test_add_func ("/csv/read/line-ends", test_line_ends);
  g_test_add_func ("/csv/read/malformed", test_malformed);
  g_test_add_func ("/csv/read/bounds", test_bounds);
  g_test_add_func ("/csv/read/row-error", test_row_error);
  return g_test_run ();
}
