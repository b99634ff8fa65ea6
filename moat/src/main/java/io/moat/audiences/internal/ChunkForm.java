package io.moat.audiences.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import org.roaringbitmap.ArrayContainer;
import org.roaringbitmap.BitmapContainer;
import org.roaringbitmap.Container;
import org.roaringbitmap.RoaringBitmap;

/**
 * The form the index keeps each chunk of a stored bitmap in. Roaring picks the smaller one: a sorted array of up to
 * 4,096 values, else 1,024 words. For querying, a chunk holding {@value #DENSE} or more values is faster as words: an
 * AND or OR then streams both operands word by word, where an array makes every value a separate probe or scattered
 * write, which costs several word operations each. So the index keeps such chunks as words. A chunk in words is 8 KB,
 * which is exactly what a plain bitset spends on every chunk, so the index still never outgrows plain bitsets.
 *
 * <p>Roaring's own operations accept such a chunk; only its serialized form assumes the smaller choice, so a bitmap
 * must be made {@link #canonical} before it is written out. The conversion needs Roaring's package-private chunk
 * table; where a runtime refuses access, chunks stay in Roaring's choice, which is correct and only slower.
 */
final class ChunkForm {

    /** Values in a chunk from which it is kept as words. */
    static final int DENSE = 512;

    private static final MethodHandle CHUNKS;
    private static final MethodHandle SIZE;
    private static final MethodHandle INDEX;
    private static final MethodHandle GET;
    private static final MethodHandle SET;

    static {
        MethodHandle chunks = null;
        MethodHandle size = null;
        MethodHandle index = null;
        MethodHandle get = null;
        MethodHandle set = null;
        try {
            Class<?> table = Class.forName("org.roaringbitmap.RoaringArray");
            var bitmaps = MethodHandles.privateLookupIn(RoaringBitmap.class, MethodHandles.lookup());
            var tables = MethodHandles.privateLookupIn(table, MethodHandles.lookup());
            chunks = bitmaps.findGetter(RoaringBitmap.class, "highLowContainer", table)
                    .asType(MethodType.methodType(Object.class, RoaringBitmap.class));
            size = tables.findGetter(table, "size", int.class).asType(MethodType.methodType(int.class, Object.class));
            index = tables.findVirtual(table, "getIndex", MethodType.methodType(int.class, char.class))
                    .asType(MethodType.methodType(int.class, Object.class, char.class));
            get = tables.findVirtual(table, "getContainerAtIndex", MethodType.methodType(Container.class, int.class))
                    .asType(MethodType.methodType(Container.class, Object.class, int.class));
            set = tables.findVirtual(
                            table, "setContainerAtIndex", MethodType.methodType(void.class, int.class, Container.class))
                    .asType(MethodType.methodType(void.class, Object.class, int.class, Container.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            chunks = null;
        }
        CHUNKS = chunks;
        SIZE = size;
        INDEX = index;
        GET = get;
        SET = set;
    }

    private ChunkForm() {}

    /** Adds {@code n}, keeping its chunk in words once it holds {@link #DENSE} values. */
    static void add(RoaringBitmap bitmap, int n) {
        bitmap.add(n);
        if (CHUNKS == null) {
            return;
        }
        try {
            Object table = CHUNKS.invokeExact(bitmap);
            int i = (int) INDEX.invokeExact(table, (char) (n >>> 16));
            Container c = (Container) GET.invokeExact(table, i);
            if (c instanceof ArrayContainer array && array.getCardinality() >= DENSE) {
                SET.invokeExact(table, i, (Container) array.toBitmapContainer());
            }
        } catch (Throwable e) {
            throw new IllegalStateException("cannot reach the chunks of a Roaring bitmap", e);
        }
    }

    /** Puts every chunk of {@code bitmap} holding {@link #DENSE} values or more into words, in place. */
    static RoaringBitmap dense(RoaringBitmap bitmap) {
        each(
                bitmap,
                c -> c instanceof ArrayContainer array && array.getCardinality() >= DENSE
                        ? array.toBitmapContainer()
                        : c);
        return bitmap;
    }

    /** Puts every chunk back into Roaring's own (smaller) form, in place, as its serialized form requires. */
    static RoaringBitmap canonical(RoaringBitmap bitmap) {
        each(bitmap, c -> c instanceof BitmapContainer words && words.getCardinality() <= 4096 ? values(words) : c);
        return bitmap;
    }

    private static ArrayContainer values(BitmapContainer words) {
        char[] values = new char[words.getCardinality()];
        var each = words.getCharIterator();
        for (int i = 0; i < values.length; i++) {
            values[i] = each.next();
        }
        return new ArrayContainer(values.length, values);
    }

    private static void each(RoaringBitmap bitmap, java.util.function.UnaryOperator<Container> form) {
        if (CHUNKS == null) {
            return;
        }
        try {
            Object table = CHUNKS.invokeExact(bitmap);
            int size = (int) SIZE.invokeExact(table);
            for (int i = 0; i < size; i++) {
                Container c = (Container) GET.invokeExact(table, i);
                Container formed = form.apply(c);
                if (formed != c) {
                    SET.invokeExact(table, i, formed);
                }
            }
        } catch (Throwable e) {
            throw new IllegalStateException("cannot reach the chunks of a Roaring bitmap", e);
        }
    }
}
