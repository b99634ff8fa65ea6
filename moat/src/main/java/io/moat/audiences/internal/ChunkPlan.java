package io.moat.audiences.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.roaringbitmap.ArrayContainer;
import org.roaringbitmap.BitmapContainer;
import org.roaringbitmap.Container;
import org.roaringbitmap.ContainerPointer;
import org.roaringbitmap.RoaringBitmap;

/**
 * A condition compiled into a tree of AND / OR / NOT over leaf bitmaps, evaluated one Roaring chunk (2^16 numbers) at
 * a time: for each chunk of the live customers the whole expression is computed into one 1024-word buffer, read
 * straight from the leaves' containers, then counted or emitted. No intermediate bitmap is built per node, and an AND
 * whose stored leaf has nothing in a chunk skips that chunk. What a leaf is does not matter here (a stored tag bitmap,
 * a categorical value, a scanned range): {@link Selection} decides, this class only combines.
 *
 * <p>A plan is single-use and not thread-safe (its leaves keep forward-only cursors): compile one per evaluation, under
 * the index's read lock, and call {@link #count()} or {@link #members()} once.
 */
final class ChunkPlan {

    static final int WORDS = 1024;

    /**
     * Read access to a bitmap container's words and an array container's values, so the evaluator reads them in
     * place instead of copying every container first (RoaringBitmap keeps both fields package-private; on the class
     * path they are open to us). Null when a runtime refuses it: then the public copying methods are used.
     */
    private static final VarHandle BITMAP_WORDS = field(BitmapContainer.class, "bitmap", long[].class);

    private static final VarHandle ARRAY_VALUES = field(ArrayContainer.class, "content", char[].class);

    private static VarHandle field(Class<?> type, String name, Class<?> fieldType) {
        try {
            return MethodHandles.privateLookupIn(type, MethodHandles.lookup()).findVarHandle(type, name, fieldType);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** The container's own words when it is a bitmap container and they can be read in place, else null. */
    static long[] wordsOf(Container c) {
        // The exact (BitmapContainer)long[] shape keeps the access a plain field read once compiled.
        return BITMAP_WORDS != null && c instanceof BitmapContainer bitmap ? (long[]) BITMAP_WORDS.get(bitmap) : null;
    }

    /**
     * The container's values (the first {@code getCardinality()} count) when it is an array container: its own
     * array when readable in place, else copied into {@code buffer}.
     */
    static char[] valuesOf(ArrayContainer c, char[] buffer) {
        if (ARRAY_VALUES != null) {
            return (char[]) ARRAY_VALUES.get(c);
        }
        int n = c.getCardinality();
        var it = c.getCharIterator();
        for (int i = 0; i < n; i++) {
            buffer[i] = it.next();
        }
        return buffer;
    }

    private final Node root;
    private final Leaf live;

    private ChunkPlan(Node root, Leaf live) {
        this.root = root;
        this.live = live;
    }

    /** A plan over {@code root}, with {@code live} as the universe that NOT complements within. */
    static ChunkPlan of(Node root, RoaringBitmap live) {
        return new ChunkPlan(root, new Leaf(live));
    }

    // ---- building ----

    static Node leaf(RoaringBitmap bitmap) {
        return new Leaf(bitmap);
    }

    /** Every one of {@code positive} and none of {@code negative}; within {@code live} when nothing is positive. */
    static Node and(List<Node> positive, List<Node> negative, RoaringBitmap live) {
        List<Node> flat = new ArrayList<>();
        for (Node node : positive) {
            if (node instanceof And and && and.negative.length == 0) {
                flat.addAll(and.children); // (a ∧ b) ∧ c = a ∧ b ∧ c
            } else {
                flat.add(node);
            }
        }
        if (flat.size() == 1 && negative.isEmpty()) {
            return flat.getFirst();
        }
        if (flat.isEmpty()) {
            flat.add(new Leaf(live));
        }
        return new And(flat, negative);
    }

    static Node or(List<Node> nodes) {
        List<Node> flat = new ArrayList<>();
        for (Node node : nodes) {
            if (node instanceof Or or) {
                flat.addAll(List.of(or.children));
            } else {
                flat.add(node);
            }
        }
        return flat.size() == 1 ? flat.getFirst() : new Or(flat);
    }

    static Node not(Node node, RoaringBitmap live) {
        return new And(List.of(new Leaf(live)), List.of(node));
    }

    // ---- evaluating ----

    /** How many live customers the condition holds for, without building the set. */
    long count() {
        long count = 0;
        long[] words = new long[WORDS];
        for (int key = live.first(); key >= 0; key = live.next(key)) {
            count += root.count(key, words);
        }
        return count;
    }

    /** The members, as a fresh bitmap the caller owns. */
    RoaringBitmap members() {
        RoaringBitmap members = new RoaringBitmap();
        long[] words = new long[WORDS];
        for (int key = live.first(); key >= 0; key = live.next(key)) {
            if (!root.into(key, words)) {
                continue;
            }
            int cardinality = cardinality(words);
            if (cardinality == 0) {
                continue;
            }
            members.append((char) key, container(words, cardinality));
        }
        return members;
    }

    static int cardinality(long[] words) {
        int count = 0;
        for (long word : words) {
            count += Long.bitCount(word);
        }
        return count;
    }

    /** The chunk as Roaring would store it: a sorted array up to 4096 members, the words beyond. */
    private static Container container(long[] words, int cardinality) {
        if (cardinality > 4096) {
            return new BitmapContainer(words.clone(), cardinality);
        }
        char[] values = new char[cardinality];
        int size = 0;
        for (int w = 0; w < WORDS; w++) {
            long word = words[w];
            while (word != 0) {
                values[size++] = (char) ((w << 6) + Long.numberOfTrailingZeros(word));
                word &= word - 1;
            }
        }
        return new ArrayContainer(cardinality, values);
    }

    /** A node of the compiled expression. */
    sealed interface Node permits Leaf, And, Or {

        /**
         * Writes the node's members within chunk {@code key} into {@code out} (all 1024 words); false when the chunk
         * holds none, and then {@code out} is left undefined.
         */
        boolean into(int key, long[] out);

        /** How many of the node's members lie within chunk {@code key}; {@code out} may be overwritten. */
        default int count(int key, long[] out) {
            return into(key, out) ? cardinality(out) : 0;
        }
    }

    /** A bitmap read in place, chunk by chunk, with a cursor that only moves forward. */
    static final class Leaf implements Node {

        private final ContainerPointer cursor;
        private Container current;
        private int currentKey;

        Leaf(RoaringBitmap bitmap) {
            this.cursor = bitmap.getContainerPointer();
            load();
        }

        private void load() {
            current = cursor.getContainer();
            currentKey = current == null ? Integer.MAX_VALUE : cursor.key();
        }

        int first() {
            return current == null ? -1 : currentKey;
        }

        /** The next key after {@code key} (live's own iteration), or -1. */
        int next(int key) {
            container(key + 1);
            return current == null ? -1 : currentKey;
        }

        /** The container of chunk {@code key}, or null; keys must be asked in ascending order. */
        Container container(int key) {
            while (currentKey < key) {
                cursor.advance();
                load();
            }
            return currentKey == key ? current : null;
        }

        @Override
        public boolean into(int key, long[] out) {
            Container c = container(key);
            if (c == null) {
                return false;
            }
            words(c, out);
            return true;
        }

        /** {@code out = c}. */
        static void words(Container c, long[] out) {
            long[] own = wordsOf(c);
            if (own != null) {
                System.arraycopy(own, 0, out, 0, WORDS);
                return;
            }
            Arrays.fill(out, 0L); // arrays and runs set their bits into what is there
            c.copyBitmapTo(out, 0);
        }

        /** {@code out |= c}; {@code scratch} and {@code buffer} may be overwritten. */
        static void orInto(Container c, long[] out, long[] scratch, char[] buffer) {
            if (c instanceof ArrayContainer array) {
                char[] values = valuesOf(array, buffer);
                for (int i = 0, n = array.getCardinality(); i < n; i++) {
                    int v = values[i];
                    out[v >>> 6] |= 1L << v;
                }
                return;
            }
            long[] own = wordsOf(c);
            if (own == null) {
                words(c, scratch);
                own = scratch;
            }
            for (int w = 0; w < WORDS; w++) {
                out[w] |= own[w];
            }
        }

        /** {@code out &= ~c}; {@code scratch} and {@code buffer} may be overwritten. */
        static void removeFrom(Container c, long[] out, long[] scratch, char[] buffer) {
            if (c instanceof ArrayContainer array) {
                char[] values = valuesOf(array, buffer);
                for (int i = 0, n = array.getCardinality(); i < n; i++) {
                    int v = values[i];
                    out[v >>> 6] &= ~(1L << v);
                }
                return;
            }
            long[] own = wordsOf(c);
            if (own == null) {
                words(c, scratch);
                own = scratch;
            }
            for (int w = 0; w < WORDS; w++) {
                out[w] &= ~own[w];
            }
        }

        /** {@code out &= c}; {@code scratch} may be overwritten. */
        static void andInto(Container c, long[] out, long[] scratch) {
            long[] own = wordsOf(c);
            if (own == null) {
                words(c, scratch);
                own = scratch;
            }
            for (int w = 0; w < WORDS; w++) {
                out[w] &= own[w];
            }
        }
    }

    /**
     * Every positive child and no negative one. Stored leaves are looked up first: if one is missing from the chunk,
     * the chunk is skipped without touching the others; the sparsest present leaf starts the words.
     */
    static final class And implements Node {

        private final List<Node> children;
        private final Leaf[] leaves;
        private final Node[] positive;
        private final Node[] negative;
        private final Container[] found;
        private final long[][] words;
        private final long[][] spelled;
        private final long[] scratch = new long[WORDS];
        private final long[] child = new long[WORDS];
        private final char[] buffer = new char[4096];

        And(List<Node> positive, List<Node> negative) {
            this.children = List.copyOf(positive);
            this.leaves = positive.stream()
                    .filter(Leaf.class::isInstance)
                    .map(Leaf.class::cast)
                    .toArray(Leaf[]::new);
            this.positive = positive.stream().filter(n -> !(n instanceof Leaf)).toArray(Node[]::new);
            this.negative = negative.toArray(Node[]::new);
            this.found = new Container[leaves.length];
            this.words = new long[leaves.length][];
            this.spelled = new long[leaves.length][];
        }

        @Override
        public boolean into(int key, long[] out) {
            return evaluate(key, out, false) >= 0;
        }

        @Override
        public int count(int key, long[] out) {
            return Math.max(0, evaluate(key, out, true));
        }

        /**
         * The chunk's members into {@code out}, or when {@code counting} just how many (then {@code out} is scratch);
         * -1 when the chunk holds none. When every stored leaf is in words, the leaves are ANDed in last, in one pass
         * that also counts, so a plain AND of leaves reads each of them once and writes nothing.
         */
        private int evaluate(int key, long[] out, boolean counting) {
            int sparsest = -1;
            int least = Integer.MAX_VALUE;
            for (int i = 0; i < leaves.length; i++) {
                Container c = leaves[i].container(key);
                if (c == null) {
                    return -1;
                }
                found[i] = c;
                int cardinality = c instanceof ArrayContainer ? c.getCardinality() : 4097;
                if (cardinality < least) {
                    least = cardinality;
                    sparsest = i;
                }
            }
            boolean probed = sparsest >= 0 && found[sparsest] instanceof ArrayContainer;
            if (probed && counting && leaves.length == 2 && positive.length == 0 && negative.length == 0) {
                long[] other = wordsOf(found[1 - sparsest]);
                if (other != null) {
                    return probeCount((ArrayContainer) found[sparsest], other);
                }
            }
            if (probed) {
                probe((ArrayContainer) found[sparsest], sparsest, out);
            }
            boolean started = probed;
            for (Node node : positive) {
                if (!node.into(key, started ? child : out)) {
                    return -1;
                }
                if (started) {
                    for (int w = 0; w < WORDS; w++) {
                        out[w] &= child[w];
                    }
                }
                started = true;
            }
            // What is left to AND in: every stored leaf unless the probe already did, each as words.
            int rest = 0;
            if (!probed) {
                for (int i = 0; i < leaves.length; i++) {
                    words[rest] = leafWords(i, rest);
                    rest++;
                }
            }
            if (!started && (negative.length > 0 || rest == 1)) {
                System.arraycopy(words[0], 0, out, 0, WORDS);
                started = true;
                rest = shift(rest);
            }
            for (Node node : negative) {
                if (node instanceof Leaf leaf) {
                    Container c = leaf.container(key);
                    if (c != null) {
                        Leaf.removeFrom(c, out, scratch, buffer);
                    }
                } else if (node.into(key, child)) {
                    for (int w = 0; w < WORDS; w++) {
                        out[w] &= ~child[w];
                    }
                }
            }
            long[] acc = out;
            if (!started) { // two or more leaves and nothing else: start from the first, in place
                acc = words[0];
                rest = shift(rest);
            }
            // Two leaves per pass: each pass streams three arrays at once, the last one also counts.
            int j = 0;
            for (; rest - j > 2; j += 2) {
                long[] x = words[j];
                long[] y = words[j + 1];
                for (int w = 0; w < WORDS; w++) {
                    out[w] = acc[w] & x[w] & y[w];
                }
                acc = out;
            }
            long[] x = rest - j > 0 ? words[j] : null;
            long[] y = rest - j > 1 ? words[j + 1] : null;
            if (x == null) {
                if (!counting && acc != out) {
                    System.arraycopy(acc, 0, out, 0, WORDS);
                }
                return counting ? cardinality(acc) : 0;
            }
            if (counting) {
                int count = 0;
                if (y == null) {
                    for (int w = 0; w < WORDS; w++) {
                        count += Long.bitCount(acc[w] & x[w]);
                    }
                } else {
                    for (int w = 0; w < WORDS; w++) {
                        count += Long.bitCount(acc[w] & x[w] & y[w]);
                    }
                }
                return count;
            }
            if (y == null) {
                for (int w = 0; w < WORDS; w++) {
                    out[w] = acc[w] & x[w];
                }
            } else {
                for (int w = 0; w < WORDS; w++) {
                    out[w] = acc[w] & x[w] & y[w];
                }
            }
            return 0;
        }

        /** Leaf {@code i}'s words in this chunk: read in place, or spelled out into buffer {@code slot}. */
        private long[] leafWords(int i, int slot) {
            long[] own = wordsOf(found[i]);
            if (own != null) {
                return own;
            }
            if (spelled[slot] == null) {
                spelled[slot] = new long[WORDS];
            }
            Leaf.words(found[i], spelled[slot]);
            return spelled[slot];
        }

        /** Drops the first of the {@code rest} words to AND in (it was used to start); the new count. */
        private int shift(int rest) {
            System.arraycopy(words, 1, words, 0, rest - 1);
            return rest - 1;
        }

        private int probeCount(ArrayContainer array, long[] other) {
            char[] values = valuesOf(array, buffer);
            int count = 0;
            for (int i = 0, n = array.getCardinality(); i < n; i++) {
                int v = values[i];
                count += (int) (other[v >>> 6] >>> v) & 1;
            }
            return count;
        }

        /**
         * The sparsest leaf is a short sorted array: the result is a subset of it, so each of its values is tested
         * against the other leaves' words (read in place for bitmap containers, spelled out once for the others)
         * instead of combining 1024 words per leaf.
         */
        private void probe(ArrayContainer array, int sparsest, long[] out) {
            int others = 0;
            for (int i = 0; i < leaves.length; i++) {
                if (i != sparsest) {
                    words[others] = leafWords(i, others);
                    others++;
                }
            }
            Arrays.fill(out, 0L);
            char[] values = valuesOf(array, buffer);
            int n = array.getCardinality();
            if (others == 1) {
                long[] w = words[0];
                for (int i = 0; i < n; i++) {
                    int v = values[i];
                    out[v >>> 6] |= w[v >>> 6] & (1L << v);
                }
                return;
            }
            for (int i = 0; i < n; i++) {
                int v = values[i];
                long bit = 1L << v;
                for (int j = 0; j < others && bit != 0; j++) {
                    bit &= words[j][v >>> 6];
                }
                out[v >>> 6] |= bit;
            }
        }
    }

    /** At least one child: stored leaves are merged straight into the words, arrays bit by bit. */
    static final class Or implements Node {

        private final Node[] children;
        private final long[] scratch = new long[WORDS];
        private final char[] buffer = new char[4096];

        Or(List<Node> children) {
            this.children = children.toArray(Node[]::new);
        }

        @Override
        public boolean into(int key, long[] out) {
            boolean any = false;
            long[] pending = null; // a leaf's words waiting for a second one, so that one pass ORs both in
            for (Node node : children) {
                if (node instanceof Leaf leaf) {
                    Container c = leaf.container(key);
                    if (c == null) {
                        continue;
                    }
                    long[] own = wordsOf(c);
                    if (own != null && pending == null) {
                        pending = own;
                    } else if (own != null) {
                        if (any) {
                            for (int w = 0; w < WORDS; w++) {
                                out[w] |= pending[w] | own[w];
                            }
                        } else {
                            for (int w = 0; w < WORDS; w++) {
                                out[w] = pending[w] | own[w];
                            }
                            any = true;
                        }
                        pending = null;
                    } else if (any) {
                        Leaf.orInto(c, out, scratch, buffer);
                    } else {
                        Leaf.words(c, out);
                        any = true;
                    }
                } else if (any) {
                    if (node.into(key, scratch)) {
                        for (int w = 0; w < WORDS; w++) {
                            out[w] |= scratch[w];
                        }
                    }
                } else {
                    any = node.into(key, out);
                }
            }
            if (pending != null && any) {
                for (int w = 0; w < WORDS; w++) {
                    out[w] |= pending[w];
                }
            } else if (pending != null) {
                System.arraycopy(pending, 0, out, 0, WORDS);
                any = true;
            }
            return any;
        }
    }
}
