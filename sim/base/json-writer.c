/* json-writer.c — streaming JSON (json-writer.h).
 *
 * Compact style: ", " between elements and ": " after keys, as the
 * documentation shows JSON; the elements of arrays nested no deeper than the line depth
 * start on a new line, so a big table has one record per line and diffs
 * well.  Indented style: the layout summary.json has always had (json-glib's
 * pretty printer): every member and element on its own line, two spaces a
 * level, "key" : value, [] for an empty array and { } padded to the level
 * for an empty object.  Output is a pure function of the calls.
 */
#define G_LOG_DOMAIN "msgflow-json"

#include "base/json-writer.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include "base/number-format.h"

typedef enum {
  FRAME_OBJECT,
  FRAME_ARRAY,
} FrameKind;

typedef struct {
  FrameKind kind;
  gboolean has_items;
} Frame;

struct _MfJsonWriter {
  FILE *out;              /* (transfer none) NULL: text kept in buf */
  GString *buf;
  Frame stack[MF_JSON_WRITER_MAX_DEPTH];
  int depth;              /* frames open */
  gboolean after_key;     /* a key was written, its value is due */
  gboolean done;          /* the top-level value is complete */
  int line_depth;
  gboolean indented;
  int write_errno;        /* first failed write, 0 if none */
};

/* Appending without GString's out-of-line call when there is room: the
 * route table appends some 50 million pieces. */
static inline void
put (GString *b, const char *s, gsize n)
{
  if (G_UNLIKELY (b->len + n + 1 > b->allocated_len))
    {
      g_string_append_len (b, s, (gssize) n);
      return;
    }
  memcpy (b->str + b->len, s, n);
  b->len += n;
  b->str[b->len] = '\0';
}

static inline void
put_c (GString *b, char c)
{
  put (b, &c, 1);
}

#define put_lit(b, lit) put ((b), (lit), sizeof (lit) - 1)

/**
 * mf_json_writer_new:
 * @out: (transfer none): where to write; must stay open until finish
 *
 * Returns: (transfer full): a writer for one JSON value
 */
MfJsonWriter *
mf_json_writer_new (FILE *out)
{
  g_return_val_if_fail (out != NULL, NULL);

  MfJsonWriter *w = g_new0 (MfJsonWriter, 1);
  w->out = out;
  w->buf = g_string_sized_new (MF_JSON_WRITER_BUFFER_BYTES + 1024);
  return w;
}

/**
 * mf_json_writer_new_text:
 *
 * Returns: (transfer full): a writer for one JSON value that keeps the text
 *   in memory, for mf_json_writer_finish_text (small outputs written
 *   atomically, such as summary.json)
 */
MfJsonWriter *
mf_json_writer_new_text (void)
{
  MfJsonWriter *w = g_new0 (MfJsonWriter, 1);
  w->buf = g_string_new (NULL);
  return w;
}

void
mf_json_writer_free (MfJsonWriter *w)
{
  if (w == NULL)
    return;
  g_string_free (w->buf, TRUE);
  g_free (w);
}

/* Elements of arrays at nesting depth ≤ @depth (1: the top-level value)
 * start on a new line.  Default 0: everything on one line. */
void
mf_json_writer_set_line_depth (MfJsonWriter *w, int depth)
{
  g_return_if_fail (w != NULL);
  w->line_depth = depth;
}

/* Every member and element on its own line (json-glib's pretty layout);
 * overrides the line depth.  Default FALSE. */
void
mf_json_writer_set_indented (MfJsonWriter *w, gboolean indented)
{
  g_return_if_fail (w != NULL);
  w->indented = indented;
}

static void
put_newline_indent (GString *b, int level)
{
  put_c (b, '\n');
  for (int i = 0; i < 2 * level; i++)
    put_c (b, ' ');
}

static void
flush_buffer (MfJsonWriter *w)
{
  if (w->out == NULL)
    return;
  if (w->buf->len > 0 && w->write_errno == 0
      && fwrite (w->buf->str, 1, w->buf->len, w->out) != w->buf->len)
    w->write_errno = errno != 0 ? errno : EIO;
  g_string_truncate (w->buf, 0);
}

static inline void
maybe_flush (MfJsonWriter *w)
{
  if (w->buf->len >= MF_JSON_WRITER_BUFFER_BYTES)
    flush_buffer (w);
}

/* Write what must precede a value: a comma, a new line. */
static inline gboolean
begin_value (MfJsonWriter *w)
{
  g_return_val_if_fail (!w->done, FALSE);
  if (w->depth == 0)
    return TRUE;
  Frame *f = &w->stack[w->depth - 1];
  if (f->kind == FRAME_OBJECT)
    {
      g_return_val_if_fail (w->after_key, FALSE);
      w->after_key = FALSE;
      return TRUE;
    }
  if (f->has_items)
    put_c (w->buf, ',');
  if (w->indented)
    put_newline_indent (w->buf, w->depth);
  else if (w->depth <= w->line_depth)
    {
      put_c (w->buf, '\n');
      for (int i = 0; i < w->depth; i++)
        put_c (w->buf, ' ');
    }
  else if (f->has_items)
    put_c (w->buf, ' ');
  f->has_items = TRUE;
  return TRUE;
}

static inline void
end_value (MfJsonWriter *w)
{
  if (w->depth == 0)
    {
      w->done = TRUE;
      put_c (w->buf, '\n');
    }
  maybe_flush (w);
}

static void
open_frame (MfJsonWriter *w, FrameKind kind, char c)
{
  g_return_if_fail (w != NULL);
  g_return_if_fail (w->depth < MF_JSON_WRITER_MAX_DEPTH);
  if (!begin_value (w))
    return;
  put_c (w->buf, c);
  w->stack[w->depth++] = (Frame) { kind, FALSE };
}

static void
close_frame (MfJsonWriter *w, FrameKind kind, char c)
{
  g_return_if_fail (w != NULL);
  g_return_if_fail (w->depth > 0 && w->stack[w->depth - 1].kind == kind);
  g_return_if_fail (!w->after_key);
  w->depth--;
  if (w->indented && w->stack[w->depth].has_items)
    put_newline_indent (w->buf, w->depth);
  else if (w->indented && kind == FRAME_OBJECT)
    for (int i = 0; i < 2 * w->depth; i++)
      put_c (w->buf, ' ');
  put_c (w->buf, c);
  end_value (w);
}

void
mf_json_writer_begin_object (MfJsonWriter *w)
{
  open_frame (w, FRAME_OBJECT, '{');
}

void
mf_json_writer_end_object (MfJsonWriter *w)
{
  close_frame (w, FRAME_OBJECT, '}');
}

void
mf_json_writer_begin_array (MfJsonWriter *w)
{
  open_frame (w, FRAME_ARRAY, '[');
}

void
mf_json_writer_end_array (MfJsonWriter *w)
{
  close_frame (w, FRAME_ARRAY, ']');
}

static inline gboolean
needs_escape (guchar c)
{
  return c < 0x20 || c == '"' || c == '\\';
}

/* A JSON string: quotes, backslash and control characters escaped; other
 * bytes (UTF-8) as they are.  Runs without escapes are copied whole. */
static void
append_string (GString *buf, const char *s)
{
  static const char hex[] = "0123456789abcdef";
  const guchar *p = (const guchar *) s;

  put_c (buf, '"');
  while (*p != '\0')
    {
      const guchar *run = p;
      while (*p != '\0' && !needs_escape (*p))
        p++;
      if (p > run)
        put (buf, (const char *) run, (gsize) (p - run));
      if (*p == '\0')
        break;
      switch (*p)
        {
        case '"':
          put_lit (buf, "\\\"");
          break;
        case '\\':
          put_lit (buf, "\\\\");
          break;
        case '\n':
          put_lit (buf, "\\n");
          break;
        case '\r':
          put_lit (buf, "\\r");
          break;
        case '\t':
          put_lit (buf, "\\t");
          break;
        default:
          put_lit (buf, "\\u00");
          put_c (buf, hex[*p >> 4]);
          put_c (buf, hex[*p & 15]);
        }
      p++;
    }
  put_c (buf, '"');
}

/**
 * mf_json_quote:
 * @s: a NUL-terminated string
 *
 * Returns: (transfer full): @s as a JSON string literal, quotes included,
 *   for mf_json_writer_raw_value (names written a million times are
 *   escaped once).
 */
char *
mf_json_quote (const char *s)
{
  g_return_val_if_fail (s != NULL, NULL);

  GString *buf = g_string_sized_new (strlen (s) + 2);
  append_string (buf, s);
  return g_string_free (buf, FALSE);
}

/* Write @json, an already encoded JSON value (from mf_json_quote, or a
 * number), as the next value.  Not checked: the caller vouches for it. */
void
mf_json_writer_raw_value (MfJsonWriter *w, const char *json, gsize len)
{
  g_return_if_fail (w != NULL && json != NULL);
  if (!begin_value (w))
    return;
  put (w->buf, json, len);
  end_value (w);
}

/* Decimal digits of @v, without printf's format parsing. */
static void
append_uint (GString *buf, guint64 v)
{
  char digits[24];
  int n = 0;

  do
    {
      digits[n++] = (char) ('0' + v % 10);
      v /= 10;
    }
  while (v != 0);
  while (n > 0)
    put_c (buf, digits[--n]);
}

void
mf_json_writer_key (MfJsonWriter *w, const char *key)
{
  g_return_if_fail (w != NULL && key != NULL);
  g_return_if_fail (w->depth > 0 && w->stack[w->depth - 1].kind == FRAME_OBJECT);
  g_return_if_fail (!w->after_key);

  Frame *f = &w->stack[w->depth - 1];
  if (w->indented)
    {
      if (f->has_items)
        put_c (w->buf, ',');
      put_newline_indent (w->buf, w->depth);
    }
  else if (f->has_items)
    put_lit (w->buf, ", ");
  f->has_items = TRUE;
  append_string (w->buf, key);
  if (w->indented)
    put_lit (w->buf, " : ");
  else
    put_lit (w->buf, ": ");
  w->after_key = TRUE;
}

void
mf_json_writer_string (MfJsonWriter *w, const char *value)
{
  g_return_if_fail (w != NULL && value != NULL);
  if (!begin_value (w))
    return;
  append_string (w->buf, value);
  end_value (w);
}

void
mf_json_writer_int (MfJsonWriter *w, gint64 value)
{
  g_return_if_fail (w != NULL);
  if (!begin_value (w))
    return;
  if (value < 0)
    {
      put_c (w->buf, '-');
      append_uint (w->buf, (guint64) 0 - (guint64) value);
    }
  else
    append_uint (w->buf, (guint64) value);
  end_value (w);
}

void
mf_json_writer_uint (MfJsonWriter *w, guint64 value)
{
  g_return_if_fail (w != NULL);
  if (!begin_value (w))
    return;
  append_uint (w->buf, value);
  end_value (w);
}

/* A double in its shortest exact text (number-format.h), with ".0" on a
 * whole number so that readers keep it a double; null when not finite,
 * which JSON cannot hold.  Rounding, if any, is the caller's. */
void
mf_json_writer_double (MfJsonWriter *w, double value)
{
  char buf[MF_NUMBER_BUF];

  g_return_if_fail (w != NULL);
  if (!isfinite (value))
    {
      mf_json_writer_null (w);
      return;
    }
  if (!begin_value (w))
    return;
  mf_number_format_shortest (buf, value);
  put (w->buf, buf, strlen (buf));
  if (strpbrk (buf, ".e") == NULL)
    put_lit (w->buf, ".0");
  end_value (w);
}

void
mf_json_writer_bool (MfJsonWriter *w, gboolean value)
{
  g_return_if_fail (w != NULL);
  if (!begin_value (w))
    return;
  if (value)
    put_lit (w->buf, "true");
  else
    put_lit (w->buf, "false");
  end_value (w);
}

void
mf_json_writer_null (MfJsonWriter *w)
{
  g_return_if_fail (w != NULL);
  if (!begin_value (w))
    return;
  put_lit (w->buf, "null");
  end_value (w);
}

/**
 * mf_json_writer_finish:
 *
 * Writes what is buffered and flushes the FILE.  The value must be
 * complete.
 *
 * Returns: FALSE with a G_FILE_ERROR set when a write failed
 */
gboolean
mf_json_writer_finish (MfJsonWriter *w, GError **error)
{
  g_return_val_if_fail (w != NULL && w->out != NULL, FALSE);
  g_return_val_if_fail (w->done, FALSE);

  flush_buffer (w);
  if (w->write_errno == 0 && fflush (w->out) != 0)
    w->write_errno = errno != 0 ? errno : EIO;
  if (w->write_errno != 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (w->write_errno),
                   "cannot write the output: %s", g_strerror (w->write_errno));
      return FALSE;
    }
  return TRUE;
}

/**
 * mf_json_writer_finish_text:
 * @w: a writer from mf_json_writer_new_text whose value is complete
 *
 * Returns: (transfer full): the text written, newline-ended; @w is left
 *   empty and must still be freed
 */
char *
mf_json_writer_finish_text (MfJsonWriter *w)
{
  g_return_val_if_fail (w != NULL && w->out == NULL, NULL);
  g_return_val_if_fail (w->done, NULL);

  char *text = g_string_free (w->buf, FALSE);
  w->buf = g_string_new (NULL);
  return text;
}
