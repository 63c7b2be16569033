#include <poppler.h>
#include <stdlib.h>
#include <string.h>
#include "cpdf_annotations.h"

struct cpdf_annotations {
    PopplerDocument *document;
    GBytes *bytes;
};

static char *copy_string(const char *text) {
    size_t length = strlen(text);
    char *copy = malloc(length + 1);
    if (copy != NULL) memcpy(copy, text, length + 1);
    return copy;
}

static void set_error(char **error, const char *message) {
    if (error != NULL) *error = copy_string(message);
}

void cpdf_annotations_free(void *pointer) {
    free(pointer);
}

cpdf_annotations *cpdf_annotations_open(const char *data, size_t length, char **error) {
    cpdf_annotations *result = calloc(1, sizeof(cpdf_annotations));
    if (result == NULL) {
        set_error(error, "out of memory");
        return NULL;
    }
    result->bytes = g_bytes_new_static(data, length);
    GError *failure = NULL;
    result->document = poppler_document_new_from_bytes(result->bytes, NULL, &failure);
    if (result->document == NULL) {
        set_error(error, failure != NULL && failure->message != NULL ? failure->message : "poppler could not open the PDF");
        if (failure != NULL) g_error_free(failure);
        g_bytes_unref(result->bytes);
        free(result);
        return NULL;
    }
    return result;
}

void cpdf_annotations_close(cpdf_annotations *document) {
    if (document == NULL) return;
    g_object_unref(document->document);
    g_bytes_unref(document->bytes);
    free(document);
}

/* Appends `line` (without its surrounding white space) unless it is empty or already there. */
static void append_line(GString *text, GHashTable *seen, const char *line, size_t max_bytes) {
    if (line == NULL) return;
    while (*line == ' ' || *line == '\t' || *line == '\n' || *line == '\r') line++;
    size_t length = strlen(line);
    while (length > 0 && (line[length - 1] == ' ' || line[length - 1] == '\t' || line[length - 1] == '\n' || line[length - 1] == '\r')) {
        length--;
    }
    if (length == 0 || text->len >= max_bytes) return;
    char *kept = g_strndup(line, length);
    if (!g_hash_table_add(seen, kept)) return;  /* the table keeps one of the two copies */
    g_string_append_len(text, kept, (gssize)length);
    g_string_append_c(text, '\n');
}

char *cpdf_annotations_page_text(cpdf_annotations *document, int index, size_t max_bytes, int max_annotations,
                                 size_t *length, char **error) {
    if (index < 0 || index >= poppler_document_get_n_pages(document->document)) {
        set_error(error, "no such page");
        return NULL;
    }
    PopplerPage *page = poppler_document_get_page(document->document, index);
    if (page == NULL) {
        set_error(error, "poppler could not load the page");
        return NULL;
    }
    GString *text = g_string_new(NULL);
    GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    GList *mappings = poppler_page_get_annot_mapping(page);
    int counted = 0;
    for (GList *item = mappings; item != NULL && counted < max_annotations && text->len < max_bytes; item = item->next) {
        PopplerAnnotMapping *mapping = item->data;
        if (mapping == NULL || mapping->annot == NULL) continue;
        counted++;
        PopplerAnnotType type = poppler_annot_get_annot_type(mapping->annot);
        /* A link's contents is a tooltip at most; form fields' values are not annotations' text. */
        if (type == POPPLER_ANNOT_LINK || type == POPPLER_ANNOT_WIDGET) continue;
        gchar *contents = poppler_annot_get_contents(mapping->annot);
        append_line(text, seen, contents, max_bytes);
        g_free(contents);
        if (POPPLER_IS_ANNOT_MARKUP(mapping->annot)) {
            gchar *author = poppler_annot_markup_get_label(POPPLER_ANNOT_MARKUP(mapping->annot));
            append_line(text, seen, author, max_bytes);
            g_free(author);
        }
    }
    poppler_page_free_annot_mapping(mappings);
    g_hash_table_destroy(seen);
    g_object_unref(page);

    char *result = malloc(text->len + 1);
    if (result == NULL) {
        g_string_free(text, TRUE);
        set_error(error, "out of memory");
        return NULL;
    }
    memcpy(result, text->str, text->len + 1);
    *length = text->len;
    g_string_free(text, TRUE);
    return result;
}
