#ifndef EVIDENCE_CXAPIAN_H
#define EVIDENCE_CXAPIAN_H
/*
 * A plain C API over libxapian (C++). Translation of calls and errors only: every entry
 * point catches C++ exceptions and reports them through `char **error` (malloc'd, freed
 * by the caller with cxapian_free_string), so no exception ever crosses into Swift.
 *
 * Conventions
 * - Handles are opaque and owned by the caller: every `*_new`/`*_open`/returning function
 *   has a matching `*_free`. Freeing NULL is allowed.
 * - `error` may be NULL (the message is then dropped); on success it is left untouched, so
 *   the caller sets it to NULL before the call and checks it after. A message has the form
 *   "<Xapian error type>: <message>[ (<context>)]", e.g. "DatabaseLockError: Unable to get
 *   write lock on …", or "std::exception: …" for other C++ exceptions.
 * - Strings going in are (pointer, length) pairs, binary-safe; paths are NUL-terminated.
 *   Strings coming out are malloc'd (NUL-terminated for convenience, length in `*length`)
 *   and freed with cxapian_free_string.
 * - Functions returning a handle return NULL on error; int-returning functions return -1
 *   on error unless documented otherwise.
 */
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The libxapian version string, e.g. "1.4.22" (static storage). */
const char *cxapian_version(void);

/* Frees a string returned by this API (error messages included). */
void cxapian_free_string(char *string);

typedef struct cx_database cx_database;       /* Xapian::Database (one or more shards) */
typedef struct cx_writable cx_writable;       /* Xapian::WritableDatabase */
typedef struct cx_document cx_document;       /* Xapian::Document */
typedef struct cx_termgen cx_termgen;         /* Xapian::TermGenerator */
typedef struct cx_queryparser cx_queryparser; /* Xapian::QueryParser */
typedef struct cx_query cx_query;             /* Xapian::Query */
typedef struct cx_enquire cx_enquire;         /* Xapian::Enquire */
typedef struct cx_mset cx_mset;               /* Xapian::MSet */
typedef struct cx_valuespy cx_valuespy;       /* Xapian::ValueCountMatchSpy */
typedef struct cx_termiter cx_termiter;       /* a Xapian::TermIterator range */

/* Xapian::Query::op values used here (same numbers as Xapian's). */
enum {
    CX_OP_AND = 0,
    CX_OP_OR = 1,
    CX_OP_AND_NOT = 2,
    CX_OP_XOR = 3,
    CX_OP_AND_MAYBE = 4,
    CX_OP_FILTER = 5,
    CX_OP_NEAR = 6,
    CX_OP_PHRASE = 7,
    CX_OP_SYNONYM = 13
};

/* Xapian::QueryParser::feature_flag values (same numbers as Xapian's). */
enum {
    CX_FLAG_BOOLEAN = 1,
    CX_FLAG_PHRASE = 2,
    CX_FLAG_LOVEHATE = 4,
    CX_FLAG_BOOLEAN_ANY_CASE = 8,
    CX_FLAG_WILDCARD = 16,
    CX_FLAG_PURE_NOT = 32,
    CX_FLAG_PARTIAL = 64,
    CX_FLAG_SPELLING_CORRECTION = 128,
    CX_FLAG_CJK_NGRAM = 2048
};

/* Stemming strategies (Xapian::QueryParser::stem_strategy and
 * Xapian::TermGenerator::stem_strategy share these numbers). */
enum {
    CX_STEM_NONE = 0,
    CX_STEM_SOME = 1,
    CX_STEM_ALL = 2,
    CX_STEM_ALL_Z = 3,
    CX_STEM_SOME_FULL_POS = 4
};

/* Xapian::Query wildcard limit types. */
enum {
    CX_WILDCARD_LIMIT_ERROR = 0,
    CX_WILDCARD_LIMIT_FIRST = 1,
    CX_WILDCARD_LIMIT_MOST_FREQUENT = 2
};

/* Xapian::MSet::snippet flags. */
enum {
    CX_SNIPPET_BACKGROUND_MODEL = 1,
    CX_SNIPPET_EXHAUSTIVE = 2,
    CX_SNIPPET_EMPTY_WITHOUT_MATCH = 4,
    CX_SNIPPET_CJK_NGRAM = 2048
};

/* Xapian::TermGenerator flags. */
enum {
    CX_TERMGEN_FLAG_CJK_NGRAM = 2048
};

/* Xapian::sortable_serialise: writes at most 9 bytes to `buffer`, returns the length. */
size_t cx_sortable_serialise(double value, char buffer[9]);

/* ---- Database (read-only) ------------------------------------------------------------ */

/* An empty database with no shards (add shards with cx_database_add_database). */
cx_database *cx_database_new(char **error);
/* Opens the database at `path` read-only. */
cx_database *cx_database_open(const char *path, char **error);
void cx_database_free(cx_database *db);
/* Adds every shard of `other` to `db`, so that both are searched as one. */
int cx_database_add_database(cx_database *db, const cx_database *other, char **error);
/* Reopens at the latest revision: 1 if it changed, 0 if not, -1 on error. */
int cx_database_reopen(cx_database *db, char **error);
/* Document count (check *error). */
uint32_t cx_database_doccount(const cx_database *db, char **error);
/* 1 if the term exists, 0 if not, -1 on error. */
int cx_database_term_exists(const cx_database *db, const char *term, size_t term_length, char **error);
/* The first document indexed by `term`, or 0 if none (check *error). */
uint32_t cx_database_first_docid(const cx_database *db, const char *term, size_t term_length, char **error);
cx_document *cx_database_get_document(const cx_database *db, uint32_t docid, char **error);
/* User metadata; an absent key gives an empty string. */
char *cx_database_get_metadata(const cx_database *db, const char *key, size_t key_length,
                               size_t *length, char **error);
/* All terms beginning with `prefix` (sorted), with their term frequencies. */
cx_termiter *cx_database_allterms(const cx_database *db, const char *prefix, size_t prefix_length, char **error);
/* Every word of the spelling data, with its frequency (as the term frequency). */
cx_termiter *cx_database_spellings(const cx_database *db, char **error);
/* Database::get_spelling_suggestion: empty if none. */
char *cx_database_spelling_suggestion(const cx_database *db, const char *word, size_t word_length,
                                      unsigned max_edit_distance, size_t *length, char **error);

/* ---- WritableDatabase ---------------------------------------------------------------- */

/* Opens the database at `path` for writing, creating it if missing (glass backend). */
cx_writable *cx_writable_open(const char *path, char **error);
/* Frees the handle; like Xapian's destructor, commits pending changes outside a
 * transaction, and drops errors doing so (call cx_writable_close first to see them). */
void cx_writable_free(cx_writable *db);
/* WritableDatabase::close (commits pending changes outside a transaction). */
int cx_writable_close(cx_writable *db, char **error);
/* A read-only view of the same database (includes uncommitted changes of this writer). */
cx_database *cx_writable_reader(const cx_writable *db, char **error);
int cx_writable_commit(cx_writable *db, char **error);
int cx_writable_begin_transaction(cx_writable *db, int flushed, char **error);
int cx_writable_commit_transaction(cx_writable *db, char **error);
int cx_writable_cancel_transaction(cx_writable *db, char **error);
int cx_writable_set_metadata(cx_writable *db, const char *key, size_t key_length,
                             const char *value, size_t value_length, char **error);
/* replace_document(unique_term, doc): the new document id, or 0 on error. */
uint32_t cx_writable_replace_document_by_term(cx_writable *db, const char *term, size_t term_length,
                                              const cx_document *doc, char **error);
/* add_document(doc): the new document id, or 0 on error. */
uint32_t cx_writable_add_document(cx_writable *db, const cx_document *doc, char **error);
int cx_writable_delete_document_by_term(cx_writable *db, const char *term, size_t term_length, char **error);
int cx_writable_add_spelling(cx_writable *db, const char *word, size_t word_length, uint32_t freqinc, char **error);
int cx_writable_remove_spelling(cx_writable *db, const char *word, size_t word_length, uint32_t freqdec, char **error);

/* ---- Document ------------------------------------------------------------------------ */

cx_document *cx_document_new(char **error);
void cx_document_free(cx_document *doc);
int cx_document_set_data(cx_document *doc, const char *data, size_t length, char **error);
char *cx_document_get_data(const cx_document *doc, size_t *length, char **error);
int cx_document_add_term(cx_document *doc, const char *term, size_t term_length, uint32_t wdf, char **error);
int cx_document_add_boolean_term(cx_document *doc, const char *term, size_t term_length, char **error);
int cx_document_add_value(cx_document *doc, uint32_t slot, const char *value, size_t length, char **error);
char *cx_document_get_value(const cx_document *doc, uint32_t slot, size_t *length, char **error);
/* The document's terms, with their wdf. */
cx_termiter *cx_document_termlist(const cx_document *doc, char **error);

/* ---- TermIterator ---------------------------------------------------------------------- */

/* Advances to the next term: 1 and the term (valid until the next call or free) with its
 * wdf and term frequency (each 0 where the list has none), 0 at the end, -1 on error. */
int cx_termiter_next(cx_termiter *iter, const char **term, size_t *term_length,
                     uint32_t *wdf, uint32_t *termfreq, char **error);
void cx_termiter_free(cx_termiter *iter);

/* ---- TermGenerator ------------------------------------------------------------------- */

/* A TermGenerator with a stemmer for `language` ("english"; "" or "none" for none). */
cx_termgen *cx_termgen_new(const char *language, int stem_strategy, char **error);
void cx_termgen_free(cx_termgen *tg);
/* FLAG_SPELLING on (with the database receiving spelling data) or off (db NULL). */
int cx_termgen_set_spelling(cx_termgen *tg, cx_writable *db, char **error);
/* TermGenerator::set_flags(toggle, mask): flags = (flags & mask) ^ toggle. */
int cx_termgen_set_flags(cx_termgen *tg, unsigned toggle, unsigned mask, char **error);
/* Directs the following calls at `doc` (held by reference: keep it alive meanwhile). */
int cx_termgen_set_document(cx_termgen *tg, cx_document *doc, char **error);
int cx_termgen_index_text(cx_termgen *tg, const char *text, size_t length, uint32_t wdf_inc,
                          const char *prefix, size_t prefix_length, char **error);
int cx_termgen_increase_termpos(cx_termgen *tg, uint32_t delta, char **error);

/* ---- QueryParser ----------------------------------------------------------------------- */

cx_queryparser *cx_queryparser_new(char **error);
void cx_queryparser_free(cx_queryparser *qp);
int cx_queryparser_set_stemmer(cx_queryparser *qp, const char *language, int stem_strategy, char **error);
/* CX_OP_AND or CX_OP_OR (or another op QueryParser accepts). */
int cx_queryparser_set_default_op(cx_queryparser *qp, int op, char **error);
/* The database for wildcard expansion and spelling correction (NULL: none). */
int cx_queryparser_set_database(cx_queryparser *qp, const cx_database *db, char **error);
int cx_queryparser_set_max_expansion(cx_queryparser *qp, uint32_t max_expansion, int limit_type,
                                     unsigned flags, char **error);
int cx_queryparser_add_prefix(cx_queryparser *qp, const char *field, const char *prefix, char **error);
int cx_queryparser_add_boolean_prefix(cx_queryparser *qp, const char *field, const char *prefix, char **error);
/* A DateRangeProcessor on `slot` (values stored as "YYYYMMDD"); `prefix` NULL or "" for
 * bare ranges such as 2024-01-01..2024-03-31, else e.g. "date:". */
int cx_queryparser_add_date_range(cx_queryparser *qp, uint32_t slot, const char *prefix,
                                  int prefer_mdy, int epoch_year, char **error);
/* Parses `query`; a malformed query gives NULL and a "QueryParserError: …" message. */
cx_query *cx_queryparser_parse(cx_queryparser *qp, const char *query, size_t length, unsigned flags,
                               const char *default_prefix, char **error);
/* The corrected query string after a parse with CX_FLAG_SPELLING_CORRECTION ("" if none). */
char *cx_queryparser_corrected_query(const cx_queryparser *qp, size_t *length, char **error);

/* ---- Query ----------------------------------------------------------------------------- */

cx_query *cx_query_term(const char *term, size_t length, char **error);
/* Query::MatchAll. */
cx_query *cx_query_match_all(char **error);
/* Query::MatchNothing. */
cx_query *cx_query_match_nothing(char **error);
/* Query(op, subqueries…). */
cx_query *cx_query_combine(int op, const cx_query *const *subqueries, size_t count, char **error);
/* Query(OP_SCALE_WEIGHT, query, factor); factor 0 makes a query a pure filter. */
cx_query *cx_query_scale_weight(const cx_query *query, double factor, char **error);
/* 1 if the query is empty (MatchNothing), 0 if not. */
int cx_query_empty(const cx_query *query);
char *cx_query_description(const cx_query *query, size_t *length, char **error);
void cx_query_free(cx_query *query);

/* ---- Enquire / MSet ------------------------------------------------------------------- */

/* The Enquire keeps its own reference to the database. */
cx_enquire *cx_enquire_new(const cx_database *db, char **error);
void cx_enquire_free(cx_enquire *enquire);
int cx_enquire_set_query(cx_enquire *enquire, const cx_query *query, char **error);
int cx_enquire_set_sort_by_relevance(cx_enquire *enquire, char **error);
int cx_enquire_set_sort_by_value_then_relevance(cx_enquire *enquire, uint32_t slot, int reverse, char **error);
int cx_enquire_set_sort_by_relevance_then_value(cx_enquire *enquire, uint32_t slot, int reverse, char **error);
/* The Enquire refers to the spy: keep it alive until the MSet has been read. */
int cx_enquire_add_matchspy(cx_enquire *enquire, cx_valuespy *spy, char **error);
cx_mset *cx_enquire_get_mset(cx_enquire *enquire, uint32_t first, uint32_t maxitems, uint32_t checkatleast,
                             char **error);

void cx_mset_free(cx_mset *mset);
uint32_t cx_mset_size(const cx_mset *mset);
/* Matches: lower bound, estimate, upper bound. */
int cx_mset_matches(const cx_mset *mset, uint32_t *lower, uint32_t *estimated, uint32_t *upper, char **error);
/* The item at `index` (0-based, < size). */
int cx_mset_item(const cx_mset *mset, uint32_t index, uint32_t *docid, uint32_t *rank, int32_t *percent,
                 double *weight, char **error);
cx_document *cx_mset_document(const cx_mset *mset, uint32_t index, char **error);
/* MSet::snippet(text, length, stemmer(language), flags, hi_start, hi_end, omit). */
char *cx_mset_snippet(const cx_mset *mset, const char *text, size_t text_length, size_t length,
                      const char *language, unsigned flags, const char *hi_start, const char *hi_end,
                      const char *omit, size_t *result_length, char **error);

/* ---- ValueCountMatchSpy ---------------------------------------------------------------- */

cx_valuespy *cx_valuespy_new(uint32_t slot, char **error);
void cx_valuespy_free(cx_valuespy *spy);
/* Documents seen by the spy. */
uint32_t cx_valuespy_total(const cx_valuespy *spy);
/* Values seen, each as the term with its count in `termfreq`. */
cx_termiter *cx_valuespy_values(const cx_valuespy *spy, char **error);

#ifdef __cplusplus
}
#endif
#endif
