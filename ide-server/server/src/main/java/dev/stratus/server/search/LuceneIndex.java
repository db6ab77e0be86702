package dev.stratus.server.search;

import dev.stratus.protocol.search.SymbolMatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.StoredFieldVisitor;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.Weight;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lucene index of one workspace: one document per file, keyed by path, with its
 * modification time and size (to tell on open which files changed), its kind, and for text its
 * content (stored, so a search can verify candidates against exactly what was indexed; it reads
 * the file instead only while its modification time and size are still the indexed ones), its
 * declarations (stored) and its trigrams (indexed, documents only).
 *
 * <p>Searches see changes through a near-real-time reader refreshed by {@link #refresh()};
 * {@link #commit()} makes them durable. Lucene writes each commit to new files and switches to
 * it with an atomic rename of {@code segments_N}, so a crash at any point leaves the previous
 * commit intact; opening deletes the debris of an unfinished one. An index that cannot be read
 * at all (corrupted on disk, or written by another format) is rebuilt from scratch: it only ever
 * holds what the workspace itself holds.
 */
final class LuceneIndex implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LuceneIndex.class);
    static final String PATH = "path";
    static final String KIND = "kind";
    private static final String KIND_CODE = "kindCode";
    private static final String MTIME = "mtime";
    private static final String SIZE = "size";
    static final String CONTENT = "content";
    static final String TRIGRAMS = "tri";
    private static final String SYMBOLS = "symbols";
    private static final FieldType TRIGRAM_TYPE = new FieldType();

    static {
        TRIGRAM_TYPE.setTokenized(true);
        TRIGRAM_TYPE.setStored(false);
        TRIGRAM_TYPE.setOmitNorms(true);
        TRIGRAM_TYPE.setIndexOptions(IndexOptions.DOCS);
        TRIGRAM_TYPE.freeze();
    }

    /** What the index knows of one file. */
    record Entry(long mtime, long size, IndexableFile.Kind kind, List<SymbolMatch> symbols) {
        boolean sameStat(WorkspaceScanner.Stat stat) {
            return mtime == stat.mtime() && size == stat.size();
        }
    }

    /** A document that may match a query, with the modification time and size its text was read at. */
    record Candidate(String path, LeafReaderContext leaf, int doc, long mtime, long size) {
    }

    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;

    private LuceneIndex(Path dir) throws IOException {
        this.directory = FSDirectory.open(dir);
        IndexWriter w = null;
        try {
            IndexWriterConfig config = new IndexWriterConfig().setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                    .setRAMBufferSizeMB(64).setCommitOnClose(true);
            w = new IndexWriter(directory, config);
            this.writer = w;
            this.searchers = new SearcherManager(w, true, false, null);
        } catch (IOException | RuntimeException e) {
            if (w != null) {
                w.rollback();
            }
            directory.close();
            throw e;
        }
    }

    /** Opens (or creates) the index in {@code dir}, rebuilding it empty when it is unreadable. */
    static LuceneIndex open(Path dir) throws IOException {
        Files.createDirectories(dir);
        try {
            return new LuceneIndex(dir);
        } catch (LockObtainFailedException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            LOG.warn("Search index {} is unreadable ({}); rebuilding it", dir, e.toString());
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            return new LuceneIndex(dir);
        }
    }

    /** Adds or replaces the document of {@code file}. Safe to call from several threads. */
    void put(IndexableFile file) throws IOException {
        Document doc = new Document();
        doc.add(new StringField(PATH, file.path(), Field.Store.NO));
        doc.add(new SortedDocValuesField(PATH, new BytesRef(file.path())));
        doc.add(new StringField(KIND, file.kind().name(), Field.Store.NO));
        doc.add(new NumericDocValuesField(KIND_CODE, file.kind().ordinal()));
        doc.add(new NumericDocValuesField(MTIME, file.stat().mtime()));
        doc.add(new NumericDocValuesField(SIZE, file.stat().size()));
        if (file.kind() == IndexableFile.Kind.TEXT) {
            doc.add(new StoredField(CONTENT, file.text()));
            doc.add(new Field(TRIGRAMS, Trigrams.stream(Trigrams.of(file.text())), TRIGRAM_TYPE));
            if (!file.symbols().isEmpty()) {
                doc.add(new StoredField(SYMBOLS, encode(file.symbols())));
            }
        }
        writer.updateDocument(new Term(PATH, file.path()), doc);
    }

    void delete(String path) throws IOException {
        writer.deleteDocuments(new Term(PATH, path));
    }

    /** Deletes every document under folder {@code path}. */
    void deleteTree(String path) throws IOException {
        writer.deleteDocuments(new PrefixQuery(new Term(PATH, path + "/")));
    }

    void commit() throws IOException {
        writer.commit();
    }

    /** Makes every change so far visible to searches. */
    void refresh() throws IOException {
        searchers.maybeRefreshBlocking();
    }

    /** Work with one point-in-time searcher, released afterwards. */
    <T> T withSearcher(SearcherWork<T> work) throws IOException {
        IndexSearcher s = searchers.acquire();
        try {
            return work.apply(s);
        } finally {
            searchers.release(s);
        }
    }

    @FunctionalInterface
    interface SearcherWork<T> {
        T apply(IndexSearcher searcher) throws IOException;
    }

    /** Every file the current reader holds, by path. */
    Map<String, Entry> load() throws IOException {
        return withSearcher(s -> {
            Map<String, Entry> entries = new java.util.HashMap<>();
            for (LeafReaderContext leaf : s.getIndexReader().leaves()) {
                LeafReader r = leaf.reader();
                Bits live = r.getLiveDocs();
                SortedDocValues paths = DocValues.getSorted(r, PATH);
                NumericDocValues kinds = DocValues.getNumeric(r, KIND_CODE);
                NumericDocValues mtimes = DocValues.getNumeric(r, MTIME);
                NumericDocValues sizes = DocValues.getNumeric(r, SIZE);
                StoredFields stored = r.storedFields();
                for (int doc = 0; doc < r.maxDoc(); doc++) {
                    if (live != null && !live.get(doc) || !paths.advanceExact(doc)) {
                        continue;
                    }
                    String path = paths.lookupOrd(paths.ordValue()).utf8ToString();
                    IndexableFile.Kind kind = IndexableFile.Kind.values()[kinds.advanceExact(doc) ? (int) kinds.longValue() : 0];
                    long mtime = mtimes.advanceExact(doc) ? mtimes.longValue() : -1;
                    long size = sizes.advanceExact(doc) ? sizes.longValue() : -1;
                    String symbols = kind == IndexableFile.Kind.TEXT ? readString(stored, doc, SYMBOLS) : null;
                    entries.put(path, new Entry(mtime, size, kind, decode(path, symbols)));
                }
            }
            return entries;
        });
    }

    /**
     * Text files holding every one of {@code trigrams} (all text files when empty) whose path
     * {@code paths} accepts, sorted by path. The paths are filtered here, before the rest of a
     * document is read and before sorting: an include glob often keeps a fraction of them.
     */
    static List<Candidate> candidates(IndexSearcher s, Set<String> trigrams, Predicate<String> paths) throws IOException {
        BooleanQuery.Builder q = new BooleanQuery.Builder();
        q.add(new TermQuery(new Term(KIND, IndexableFile.Kind.TEXT.name())), BooleanClause.Occur.FILTER);
        for (String t : trigrams) {
            q.add(new TermQuery(new Term(TRIGRAMS, t)), BooleanClause.Occur.FILTER);
        }
        Query query = s.rewrite(q.build());
        Weight weight = s.createWeight(query, ScoreMode.COMPLETE_NO_SCORES, 1f);
        List<Candidate> out = new ArrayList<>();
        for (LeafReaderContext leaf : s.getIndexReader().leaves()) {
            Scorer scorer = weight.scorer(leaf);
            if (scorer == null) {
                continue;
            }
            Bits live = leaf.reader().getLiveDocs();
            SortedDocValues pathValues = DocValues.getSorted(leaf.reader(), PATH);
            NumericDocValues mtimes = DocValues.getNumeric(leaf.reader(), MTIME);
            NumericDocValues sizes = DocValues.getNumeric(leaf.reader(), SIZE);
            DocIdSetIterator it = scorer.iterator();
            for (int doc = it.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = it.nextDoc()) {
                if ((live == null || live.get(doc)) && pathValues.advanceExact(doc)) {
                    String path = pathValues.lookupOrd(pathValues.ordValue()).utf8ToString();
                    if (paths.test(path)) {
                        long mtime = mtimes.advanceExact(doc) ? mtimes.longValue() : -1;
                        long size = sizes.advanceExact(doc) ? sizes.longValue() : -1;
                        out.add(new Candidate(path, leaf, doc, mtime, size));
                    }
                }
            }
        }
        out.sort(Comparator.comparing(Candidate::path));
        return out;
    }

    /** One stored string field of a document, or null. */
    static String readString(StoredFields stored, int doc, String field) throws IOException {
        String[] value = {null};
        stored.document(doc, new StoredFieldVisitor() {
            @Override
            public Status needsField(FieldInfo info) {
                if (value[0] != null) {
                    return Status.STOP;
                }
                return info.name.equals(field) ? Status.YES : Status.NO;
            }

            @Override
            public void stringField(FieldInfo info, String v) {
                value[0] = v;
            }
        });
        return value[0];
    }

    private static String encode(List<SymbolMatch> symbols) {
        StringBuilder sb = new StringBuilder();
        for (SymbolMatch s : symbols) {
            sb.append(s.kind()).append('\t').append(s.line()).append('\t').append(s.name()).append('\n');
        }
        return sb.toString();
    }

    private static List<SymbolMatch> decode(String path, String encoded) {
        if (encoded == null || encoded.isEmpty()) {
            return List.of();
        }
        List<SymbolMatch> out = new ArrayList<>();
        for (String line : encoded.split("\n")) {
            String[] parts = line.split("\t", 3);
            if (parts.length == 3) {
                out.add(new SymbolMatch(parts[2], parts[0], path, Integer.parseInt(parts[1])));
            }
        }
        return List.copyOf(out);
    }

    @Override
    public void close() throws IOException {
        try {
            searchers.close();
            writer.close();
        } finally {
            directory.close();
        }
    }
}
