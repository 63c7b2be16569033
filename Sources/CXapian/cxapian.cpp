// A plain C API over libxapian: translation of calls and errors only (see cxapian.h).
#include <xapian.h>
#include "cxapian.h"

#include <cstdlib>
#include <cstring>
#include <exception>
#include <new>
#include <string>
#include <vector>

static_assert(CX_OP_AND == Xapian::Query::OP_AND, "op");
static_assert(CX_OP_OR == Xapian::Query::OP_OR, "op");
static_assert(CX_OP_AND_NOT == Xapian::Query::OP_AND_NOT, "op");
static_assert(CX_OP_XOR == Xapian::Query::OP_XOR, "op");
static_assert(CX_OP_AND_MAYBE == Xapian::Query::OP_AND_MAYBE, "op");
static_assert(CX_OP_FILTER == Xapian::Query::OP_FILTER, "op");
static_assert(CX_OP_NEAR == Xapian::Query::OP_NEAR, "op");
static_assert(CX_OP_PHRASE == Xapian::Query::OP_PHRASE, "op");
static_assert(CX_OP_SYNONYM == Xapian::Query::OP_SYNONYM, "op");
static_assert(CX_FLAG_BOOLEAN == Xapian::QueryParser::FLAG_BOOLEAN, "flag");
static_assert(CX_FLAG_PHRASE == Xapian::QueryParser::FLAG_PHRASE, "flag");
static_assert(CX_FLAG_LOVEHATE == Xapian::QueryParser::FLAG_LOVEHATE, "flag");
static_assert(CX_FLAG_BOOLEAN_ANY_CASE == Xapian::QueryParser::FLAG_BOOLEAN_ANY_CASE, "flag");
static_assert(CX_FLAG_WILDCARD == Xapian::QueryParser::FLAG_WILDCARD, "flag");
static_assert(CX_FLAG_PURE_NOT == Xapian::QueryParser::FLAG_PURE_NOT, "flag");
static_assert(CX_FLAG_PARTIAL == Xapian::QueryParser::FLAG_PARTIAL, "flag");
static_assert(CX_FLAG_SPELLING_CORRECTION == Xapian::QueryParser::FLAG_SPELLING_CORRECTION, "flag");
static_assert(CX_FLAG_CJK_NGRAM == Xapian::QueryParser::FLAG_CJK_NGRAM, "flag");
static_assert(CX_TERMGEN_FLAG_CJK_NGRAM == Xapian::TermGenerator::FLAG_CJK_NGRAM, "flag");
static_assert(CX_STEM_NONE == Xapian::QueryParser::STEM_NONE, "stem");
static_assert(CX_STEM_SOME == Xapian::QueryParser::STEM_SOME, "stem");
static_assert(CX_STEM_ALL == Xapian::QueryParser::STEM_ALL, "stem");
static_assert(CX_STEM_ALL_Z == Xapian::QueryParser::STEM_ALL_Z, "stem");
static_assert(CX_STEM_SOME_FULL_POS == Xapian::QueryParser::STEM_SOME_FULL_POS, "stem");
static_assert(CX_STEM_SOME == Xapian::TermGenerator::STEM_SOME, "stem");
static_assert(CX_STEM_ALL_Z == Xapian::TermGenerator::STEM_ALL_Z, "stem");
static_assert(CX_WILDCARD_LIMIT_ERROR == Xapian::Query::WILDCARD_LIMIT_ERROR, "wildcard");
static_assert(CX_WILDCARD_LIMIT_FIRST == Xapian::Query::WILDCARD_LIMIT_FIRST, "wildcard");
static_assert(CX_WILDCARD_LIMIT_MOST_FREQUENT == Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT, "wildcard");
static_assert(CX_SNIPPET_BACKGROUND_MODEL == Xapian::MSet::SNIPPET_BACKGROUND_MODEL, "snippet");
static_assert(CX_SNIPPET_EXHAUSTIVE == Xapian::MSet::SNIPPET_EXHAUSTIVE, "snippet");
static_assert(CX_SNIPPET_EMPTY_WITHOUT_MATCH == Xapian::MSet::SNIPPET_EMPTY_WITHOUT_MATCH, "snippet");
static_assert(CX_SNIPPET_CJK_NGRAM == Xapian::MSet::SNIPPET_CJK_NGRAM, "snippet");

struct cx_database { Xapian::Database db; };
struct cx_writable { Xapian::WritableDatabase db; };
struct cx_document { Xapian::Document doc; };
struct cx_termgen { Xapian::TermGenerator tg; };
struct cx_queryparser { Xapian::QueryParser qp; };
struct cx_query { Xapian::Query query; };
struct cx_enquire { Xapian::Enquire enquire; };
struct cx_mset { Xapian::MSet mset; };
struct cx_valuespy { Xapian::ValueCountMatchSpy spy; };

enum class TermListKind { allterms, document, values, spellings };
struct cx_termiter {
    Xapian::TermIterator it, end;
    TermListKind kind;
    bool started = false;
    std::string current;
};

namespace {

char *copy_out(const std::string &s, size_t *length) {
    char *out = static_cast<char *>(std::malloc(s.size() + 1));
    if (!out) throw std::bad_alloc();
    if (!s.empty()) std::memcpy(out, s.data(), s.size());
    out[s.size()] = '\0';
    if (length) *length = s.size();
    return out;
}

void report(char **error, const std::string &message) {
    if (!error) return;
    char *out = static_cast<char *>(std::malloc(message.size() + 1));
    if (!out) return;
    std::memcpy(out, message.data(), message.size());
    out[message.size()] = '\0';
    *error = out;
}

void report(char **error, const Xapian::Error &e) {
    std::string message = std::string(e.get_type()) + ": " + e.get_msg();
    if (!e.get_context().empty()) message += " (" + e.get_context() + ")";
    report(error, message);
}

Xapian::Stem stemmer(const char *language) {
    if (!language || !*language) return Xapian::Stem();
    return Xapian::Stem(language);
}

std::string str(const char *p, size_t n) { return (p && n) ? std::string(p, n) : std::string(); }

}  // namespace

#define CX_TRY try {
#define CX_CATCH(failure)                                                      \
    }                                                                          \
    catch (const Xapian::Error &e) { report(error, e); return failure; }       \
    catch (const std::exception &e) {                                          \
        report(error, std::string("std::exception: ") + e.what());             \
        return failure;                                                        \
    }                                                                          \
    catch (...) { report(error, "unknown C++ exception"); return failure; }

extern "C" const char *cxapian_version(void) {
    return Xapian::version_string();
}

extern "C" void cxapian_free_string(char *string) { std::free(string); }

extern "C" size_t cx_sortable_serialise(double value, char buffer[9]) {
    return Xapian::sortable_serialise_(value, buffer);
}

// ---- Database ------------------------------------------------------------------------

extern "C" cx_database *cx_database_new(char **error) {
    CX_TRY return new cx_database{Xapian::Database()};
    CX_CATCH(nullptr)
}

extern "C" cx_database *cx_database_open(const char *path, char **error) {
    CX_TRY return new cx_database{Xapian::Database(path ? path : "")};
    CX_CATCH(nullptr)
}

extern "C" void cx_database_free(cx_database *db) { delete db; }

extern "C" int cx_database_add_database(cx_database *db, const cx_database *other, char **error) {
    CX_TRY db->db.add_database(other->db); return 0;
    CX_CATCH(-1)
}

extern "C" int cx_database_reopen(cx_database *db, char **error) {
    CX_TRY return db->db.reopen() ? 1 : 0;
    CX_CATCH(-1)
}

extern "C" uint32_t cx_database_doccount(const cx_database *db, char **error) {
    CX_TRY return db->db.get_doccount();
    CX_CATCH(0)
}

extern "C" int cx_database_term_exists(const cx_database *db, const char *term, size_t term_length, char **error) {
    CX_TRY return db->db.term_exists(str(term, term_length)) ? 1 : 0;
    CX_CATCH(-1)
}

extern "C" uint32_t cx_database_first_docid(const cx_database *db, const char *term, size_t term_length,
                                            char **error) {
    CX_TRY
    std::string t = str(term, term_length);
    Xapian::PostingIterator it = db->db.postlist_begin(t);
    return it == db->db.postlist_end(t) ? 0 : *it;
    CX_CATCH(0)
}

extern "C" cx_document *cx_database_get_document(const cx_database *db, uint32_t docid, char **error) {
    CX_TRY return new cx_document{db->db.get_document(docid)};
    CX_CATCH(nullptr)
}

extern "C" char *cx_database_get_metadata(const cx_database *db, const char *key, size_t key_length,
                                          size_t *length, char **error) {
    CX_TRY return copy_out(db->db.get_metadata(str(key, key_length)), length);
    CX_CATCH(nullptr)
}

extern "C" cx_termiter *cx_database_allterms(const cx_database *db, const char *prefix, size_t prefix_length,
                                             char **error) {
    CX_TRY
    std::string p = str(prefix, prefix_length);
    return new cx_termiter{db->db.allterms_begin(p), db->db.allterms_end(p), TermListKind::allterms};
    CX_CATCH(nullptr)
}

extern "C" cx_termiter *cx_database_spellings(const cx_database *db, char **error) {
    CX_TRY return new cx_termiter{db->db.spellings_begin(), db->db.spellings_end(), TermListKind::spellings};
    CX_CATCH(nullptr)
}

extern "C" char *cx_database_spelling_suggestion(const cx_database *db, const char *word, size_t word_length,
                                                 unsigned max_edit_distance, size_t *length, char **error) {
    CX_TRY return copy_out(db->db.get_spelling_suggestion(str(word, word_length), max_edit_distance), length);
    CX_CATCH(nullptr)
}

// ---- WritableDatabase ---------------------------------------------------------------------

extern "C" cx_writable *cx_writable_open(const char *path, char **error) {
    CX_TRY
    return new cx_writable{Xapian::WritableDatabase(path ? path : "",
                                                    Xapian::DB_CREATE_OR_OPEN | Xapian::DB_BACKEND_GLASS)};
    CX_CATCH(nullptr)
}

extern "C" void cx_writable_free(cx_writable *db) {
    try { delete db; } catch (...) {}
}

extern "C" int cx_writable_close(cx_writable *db, char **error) {
    CX_TRY db->db.close(); return 0;
    CX_CATCH(-1)
}

extern "C" cx_database *cx_writable_reader(const cx_writable *db, char **error) {
    CX_TRY return new cx_database{Xapian::Database(db->db)};
    CX_CATCH(nullptr)
}

extern "C" int cx_writable_commit(cx_writable *db, char **error) {
    CX_TRY db->db.commit(); return 0;
    CX_CATCH(-1)
}

extern "C" int cx_writable_begin_transaction(cx_writable *db, int flushed, char **error) {
    CX_TRY db->db.begin_transaction(flushed != 0); return 0;
    CX_CATCH(-1)
}

extern "C" int cx_writable_commit_transaction(cx_writable *db, char **error) {
    CX_TRY db->db.commit_transaction(); return 0;
    CX_CATCH(-1)
}

extern "C" int cx_writable_cancel_transaction(cx_writable *db, char **error) {
    CX_TRY db->db.cancel_transaction(); return 0;
    CX_CATCH(-1)
}

extern "C" int cx_writable_set_metadata(cx_writable *db, const char *key, size_t key_length, const char *value,
                                        size_t value_length, char **error) {
    CX_TRY db->db.set_metadata(str(key, key_length), str(value, value_length)); return 0;
    CX_CATCH(-1)
}

extern "C" uint32_t cx_writable_replace_document_by_term(cx_writable *db, const char *term, size_t term_length,
                                                         const cx_document *doc, char **error) {
    CX_TRY return db->db.replace_document(str(term, term_length), doc->doc);
    CX_CATCH(0)
}

extern "C" uint32_t cx_writable_add_document(cx_writable *db, const cx_document *doc, char **error) {
    CX_TRY return db->db.add_document(doc->doc);
    CX_CATCH(0)
}

extern "C" int cx_writable_delete_document_by_term(cx_writable *db, const char *term, size_t term_length,
                                                   char **error) {
    CX_TRY db->db.delete_document(str(term, term_length)); return 0;
    CX_CATCH(-1)
}

extern "C" int cx_writable_add_spelling(cx_writable *db, const char *word, size_t word_length, uint32_t freqinc,
                                        char **error) {
    CX_TRY db->db.add_spelling(str(word, word_length), freqinc); return 0;
    CX_CATCH(-1)
}

extern "C" int cx_writable_remove_spelling(cx_writable *db, const char *word, size_t word_length,
                                           uint32_t freqdec, char **error) {
    CX_TRY db->db.remove_spelling(str(word, word_length), freqdec); return 0;
    CX_CATCH(-1)
}

// ---- Document ------------------------------------------------------------------------------

extern "C" cx_document *cx_document_new(char **error) {
    CX_TRY return new cx_document{Xapian::Document()};
    CX_CATCH(nullptr)
}

extern "C" void cx_document_free(cx_document *doc) { delete doc; }

extern "C" int cx_document_set_data(cx_document *doc, const char *data, size_t length, char **error) {
    CX_TRY doc->doc.set_data(str(data, length)); return 0;
    CX_CATCH(-1)
}

extern "C" char *cx_document_get_data(const cx_document *doc, size_t *length, char **error) {
    CX_TRY return copy_out(doc->doc.get_data(), length);
    CX_CATCH(nullptr)
}

extern "C" int cx_document_add_term(cx_document *doc, const char *term, size_t term_length, uint32_t wdf,
                                    char **error) {
    CX_TRY doc->doc.add_term(str(term, term_length), wdf); return 0;
    CX_CATCH(-1)
}

extern "C" int cx_document_add_boolean_term(cx_document *doc, const char *term, size_t term_length, char **error) {
    CX_TRY doc->doc.add_boolean_term(str(term, term_length)); return 0;
    CX_CATCH(-1)
}

extern "C" int cx_document_add_value(cx_document *doc, uint32_t slot, const char *value, size_t length,
                                     char **error) {
    CX_TRY doc->doc.add_value(slot, str(value, length)); return 0;
    CX_CATCH(-1)
}

extern "C" char *cx_document_get_value(const cx_document *doc, uint32_t slot, size_t *length, char **error) {
    CX_TRY return copy_out(doc->doc.get_value(slot), length);
    CX_CATCH(nullptr)
}

extern "C" cx_termiter *cx_document_termlist(const cx_document *doc, char **error) {
    CX_TRY return new cx_termiter{doc->doc.termlist_begin(), doc->doc.termlist_end(), TermListKind::document};
    CX_CATCH(nullptr)
}

// ---- TermIterator ----------------------------------------------------------------------------

extern "C" int cx_termiter_next(cx_termiter *iter, const char **term, size_t *term_length, uint32_t *wdf,
                                uint32_t *termfreq, char **error) {
    CX_TRY
    if (iter->started) {
        if (iter->it != iter->end) ++iter->it;
    } else {
        iter->started = true;
    }
    if (iter->it == iter->end) return 0;
    iter->current = *iter->it;
    if (term) *term = iter->current.data();
    if (term_length) *term_length = iter->current.size();
    if (wdf) *wdf = iter->kind == TermListKind::document ? iter->it.get_wdf() : 0;
    if (termfreq) *termfreq = iter->kind == TermListKind::document ? 0 : iter->it.get_termfreq();
    return 1;
    CX_CATCH(-1)
}

extern "C" void cx_termiter_free(cx_termiter *iter) { delete iter; }

// ---- TermGenerator ---------------------------------------------------------------------------

extern "C" cx_termgen *cx_termgen_new(const char *language, int stem_strategy, char **error) {
    CX_TRY
    auto *tg = new cx_termgen{Xapian::TermGenerator()};
    try {
        tg->tg.set_stemmer(stemmer(language));
        tg->tg.set_stemming_strategy(static_cast<Xapian::TermGenerator::stem_strategy>(stem_strategy));
    } catch (...) {
        delete tg;
        throw;
    }
    return tg;
    CX_CATCH(nullptr)
}

extern "C" void cx_termgen_free(cx_termgen *tg) { delete tg; }

extern "C" int cx_termgen_set_spelling(cx_termgen *tg, cx_writable *db, char **error) {
    CX_TRY
    if (db) {
        tg->tg.set_database(db->db);
        tg->tg.set_flags(Xapian::TermGenerator::FLAG_SPELLING, ~Xapian::TermGenerator::FLAG_SPELLING);
    } else {
        tg->tg.set_flags(0, ~Xapian::TermGenerator::FLAG_SPELLING);
    }
    return 0;
    CX_CATCH(-1)
}

extern "C" int cx_termgen_set_flags(cx_termgen *tg, unsigned toggle, unsigned mask, char **error) {
    CX_TRY
    tg->tg.set_flags(static_cast<Xapian::TermGenerator::flags>(toggle), static_cast<Xapian::TermGenerator::flags>(mask));
    return 0;
    CX_CATCH(-1)
}

extern "C" int cx_termgen_set_document(cx_termgen *tg, cx_document *doc, char **error) {
    CX_TRY tg->tg.set_document(doc->doc); return 0;
    CX_CATCH(-1)
}

extern "C" int cx_termgen_index_text(cx_termgen *tg, const char *text, size_t length, uint32_t wdf_inc,
                                     const char *prefix, size_t prefix_length, char **error) {
    CX_TRY tg->tg.index_text(str(text, length), wdf_inc, str(prefix, prefix_length)); return 0;
    CX_CATCH(-1)
}

extern "C" int cx_termgen_increase_termpos(cx_termgen *tg, uint32_t delta, char **error) {
    CX_TRY tg->tg.increase_termpos(delta); return 0;
    CX_CATCH(-1)
}

// ---- QueryParser --------------------------------------------------------------------------------

extern "C" cx_queryparser *cx_queryparser_new(char **error) {
    CX_TRY return new cx_queryparser{Xapian::QueryParser()};
    CX_CATCH(nullptr)
}

extern "C" void cx_queryparser_free(cx_queryparser *qp) { delete qp; }

extern "C" int cx_queryparser_set_stemmer(cx_queryparser *qp, const char *language, int stem_strategy,
                                          char **error) {
    CX_TRY
    qp->qp.set_stemmer(stemmer(language));
    qp->qp.set_stemming_strategy(static_cast<Xapian::QueryParser::stem_strategy>(stem_strategy));
    return 0;
    CX_CATCH(-1)
}

extern "C" int cx_queryparser_set_default_op(cx_queryparser *qp, int op, char **error) {
    CX_TRY qp->qp.set_default_op(static_cast<Xapian::Query::op>(op)); return 0;
    CX_CATCH(-1)
}

extern "C" int cx_queryparser_set_database(cx_queryparser *qp, const cx_database *db, char **error) {
    CX_TRY qp->qp.set_database(db ? db->db : Xapian::Database()); return 0;
    CX_CATCH(-1)
}

extern "C" int cx_queryparser_set_max_expansion(cx_queryparser *qp, uint32_t max_expansion, int limit_type,
                                                unsigned flags, char **error) {
    CX_TRY qp->qp.set_max_expansion(max_expansion, limit_type, flags); return 0;
    CX_CATCH(-1)
}

extern "C" int cx_queryparser_add_prefix(cx_queryparser *qp, const char *field, const char *prefix,
                                         char **error) {
    CX_TRY qp->qp.add_prefix(field ? field : "", prefix ? prefix : ""); return 0;
    CX_CATCH(-1)
}

extern "C" int cx_queryparser_add_boolean_prefix(cx_queryparser *qp, const char *field, const char *prefix,
                                                 char **error) {
    CX_TRY qp->qp.add_boolean_prefix(field ? field : "", prefix ? prefix : ""); return 0;
    CX_CATCH(-1)
}

extern "C" int cx_queryparser_add_date_range(cx_queryparser *qp, uint32_t slot, const char *prefix,
                                             int prefer_mdy, int epoch_year, char **error) {
    CX_TRY
    unsigned flags = prefer_mdy ? Xapian::RP_DATE_PREFER_MDY : 0;
    Xapian::RangeProcessor *rp =
        new Xapian::DateRangeProcessor(slot, prefix ? std::string(prefix) : std::string(), flags, epoch_year);
    qp->qp.add_rangeprocessor(rp->release());
    return 0;
    CX_CATCH(-1)
}

extern "C" cx_query *cx_queryparser_parse(cx_queryparser *qp, const char *query, size_t length, unsigned flags,
                                          const char *default_prefix, char **error) {
    CX_TRY
    return new cx_query{qp->qp.parse_query(str(query, length), flags, default_prefix ? default_prefix : "")};
    CX_CATCH(nullptr)
}

extern "C" char *cx_queryparser_corrected_query(const cx_queryparser *qp, size_t *length, char **error) {
    CX_TRY return copy_out(qp->qp.get_corrected_query_string(), length);
    CX_CATCH(nullptr)
}

// ---- Query --------------------------------------------------------------------------------------------

extern "C" cx_query *cx_query_term(const char *term, size_t length, char **error) {
    CX_TRY return new cx_query{Xapian::Query(str(term, length))};
    CX_CATCH(nullptr)
}

extern "C" cx_query *cx_query_match_all(char **error) {
    CX_TRY return new cx_query{Xapian::Query::MatchAll};
    CX_CATCH(nullptr)
}

extern "C" cx_query *cx_query_match_nothing(char **error) {
    CX_TRY return new cx_query{Xapian::Query::MatchNothing};
    CX_CATCH(nullptr)
}

extern "C" cx_query *cx_query_combine(int op, const cx_query *const *subqueries, size_t count, char **error) {
    CX_TRY
    std::vector<Xapian::Query> subs;
    subs.reserve(count);
    for (size_t i = 0; i < count; ++i) subs.push_back(subqueries[i]->query);
    return new cx_query{Xapian::Query(static_cast<Xapian::Query::op>(op), subs.begin(), subs.end())};
    CX_CATCH(nullptr)
}

extern "C" cx_query *cx_query_scale_weight(const cx_query *query, double factor, char **error) {
    CX_TRY return new cx_query{Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, query->query, factor)};
    CX_CATCH(nullptr)
}

extern "C" int cx_query_empty(const cx_query *query) { return query->query.empty() ? 1 : 0; }

extern "C" char *cx_query_description(const cx_query *query, size_t *length, char **error) {
    CX_TRY return copy_out(query->query.get_description(), length);
    CX_CATCH(nullptr)
}

extern "C" void cx_query_free(cx_query *query) { delete query; }

// ---- Enquire / MSet -----------------------------------------------------------------------------------

extern "C" cx_enquire *cx_enquire_new(const cx_database *db, char **error) {
    CX_TRY return new cx_enquire{Xapian::Enquire(db->db)};
    CX_CATCH(nullptr)
}

extern "C" void cx_enquire_free(cx_enquire *enquire) { delete enquire; }

extern "C" int cx_enquire_set_query(cx_enquire *enquire, const cx_query *query, char **error) {
    CX_TRY enquire->enquire.set_query(query->query); return 0;
    CX_CATCH(-1)
}

extern "C" int cx_enquire_set_sort_by_relevance(cx_enquire *enquire, char **error) {
    CX_TRY enquire->enquire.set_sort_by_relevance(); return 0;
    CX_CATCH(-1)
}

extern "C" int cx_enquire_set_sort_by_value_then_relevance(cx_enquire *enquire, uint32_t slot, int reverse,
                                                           char **error) {
    CX_TRY enquire->enquire.set_sort_by_value_then_relevance(slot, reverse != 0); return 0;
    CX_CATCH(-1)
}

extern "C" int cx_enquire_set_sort_by_relevance_then_value(cx_enquire *enquire, uint32_t slot, int reverse,
                                                           char **error) {
    CX_TRY enquire->enquire.set_sort_by_relevance_then_value(slot, reverse != 0); return 0;
    CX_CATCH(-1)
}

extern "C" int cx_enquire_add_matchspy(cx_enquire *enquire, cx_valuespy *spy, char **error) {
    CX_TRY enquire->enquire.add_matchspy(&spy->spy); return 0;
    CX_CATCH(-1)
}

extern "C" cx_mset *cx_enquire_get_mset(cx_enquire *enquire, uint32_t first, uint32_t maxitems,
                                        uint32_t checkatleast, char **error) {
    CX_TRY return new cx_mset{enquire->enquire.get_mset(first, maxitems, checkatleast)};
    CX_CATCH(nullptr)
}

extern "C" void cx_mset_free(cx_mset *mset) { delete mset; }

extern "C" uint32_t cx_mset_size(const cx_mset *mset) { return mset->mset.size(); }

extern "C" int cx_mset_matches(const cx_mset *mset, uint32_t *lower, uint32_t *estimated, uint32_t *upper,
                               char **error) {
    CX_TRY
    if (lower) *lower = mset->mset.get_matches_lower_bound();
    if (estimated) *estimated = mset->mset.get_matches_estimated();
    if (upper) *upper = mset->mset.get_matches_upper_bound();
    return 0;
    CX_CATCH(-1)
}

extern "C" int cx_mset_item(const cx_mset *mset, uint32_t index, uint32_t *docid, uint32_t *rank,
                            int32_t *percent, double *weight, char **error) {
    CX_TRY
    Xapian::MSetIterator it = mset->mset[index];
    if (docid) *docid = *it;
    if (rank) *rank = it.get_rank();
    if (percent) *percent = it.get_percent();
    if (weight) *weight = it.get_weight();
    return 0;
    CX_CATCH(-1)
}

extern "C" cx_document *cx_mset_document(const cx_mset *mset, uint32_t index, char **error) {
    CX_TRY return new cx_document{mset->mset[index].get_document()};
    CX_CATCH(nullptr)
}

extern "C" char *cx_mset_snippet(const cx_mset *mset, const char *text, size_t text_length, size_t length,
                                 const char *language, unsigned flags, const char *hi_start, const char *hi_end,
                                 const char *omit, size_t *result_length, char **error) {
    CX_TRY
    return copy_out(mset->mset.snippet(str(text, text_length), length, stemmer(language), flags,
                                       hi_start ? hi_start : "", hi_end ? hi_end : "", omit ? omit : ""),
                    result_length);
    CX_CATCH(nullptr)
}

// ---- ValueCountMatchSpy -----------------------------------------------------------------------------------

extern "C" cx_valuespy *cx_valuespy_new(uint32_t slot, char **error) {
    CX_TRY return new cx_valuespy{Xapian::ValueCountMatchSpy(slot)};
    CX_CATCH(nullptr)
}

extern "C" void cx_valuespy_free(cx_valuespy *spy) { delete spy; }

extern "C" uint32_t cx_valuespy_total(const cx_valuespy *spy) { return spy->spy.get_total(); }

extern "C" cx_termiter *cx_valuespy_values(const cx_valuespy *spy, char **error) {
    CX_TRY return new cx_termiter{spy->spy.values_begin(), spy->spy.values_end(), TermListKind::values};
    CX_CATCH(nullptr)
}
