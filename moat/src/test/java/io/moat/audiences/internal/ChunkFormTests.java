package io.moat.audiences.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.ContainerPointer;
import org.roaringbitmap.RoaringBitmap;

/** The index keeps chunks of {@link ChunkForm#DENSE} values or more in words, and writes them out in Roaring's form. */
class ChunkFormTests {

    @Test
    void aChunkGoesIntoWordsWhenItReachesTheDenseMark() {
        RoaringBitmap bitmap = new RoaringBitmap();
        for (int n = 0; n < ChunkForm.DENSE - 1; n++) {
            ChunkForm.add(bitmap, 3 * n);
        }
        assertThat(forms(bitmap)).containsExactly(false);

        ChunkForm.add(bitmap, 65_535);

        assertThat(forms(bitmap)).containsExactly(true);
        assertThat(bitmap.getCardinality()).isEqualTo(ChunkForm.DENSE);
    }

    @Property(tries = 50)
    void chunksInWordsHoldTheSameValuesAndComeBackFromTheirSerializedForm(@ForAll long seed) {
        Random random = new Random(seed);
        RoaringBitmap roaring = new RoaringBitmap();
        for (int chunk = 0; chunk < 4; chunk++) {
            int values = random.nextInt(5000);
            for (int i = 0; i < values; i++) {
                roaring.add((chunk << 16) + random.nextInt(65_536));
            }
        }
        int[] expected = roaring.toArray();

        RoaringBitmap dense = ChunkForm.dense(roaring.clone());

        List<Boolean> forms = forms(dense);
        ContainerPointer chunk = dense.getContainerPointer();
        for (boolean words : forms) {
            assertThat(words).isEqualTo(chunk.getCardinality() >= ChunkForm.DENSE);
            chunk.advance();
        }
        assertThat(dense.toArray()).isEqualTo(expected);
        // A plain bitset spends 8 KB on every chunk: the index never spends more.
        assertThat(dense.getSizeInBytes()).isLessThanOrEqualTo(forms.size() * (8192 + 64));
        assertThat(SegmentMembers.bitmap(SegmentMembers.bytes(dense.clone())).toArray())
                .as("read back from the serialized form")
                .isEqualTo(expected);
    }

    /** Whether each chunk is kept in words, in key order. */
    static List<Boolean> forms(RoaringBitmap bitmap) {
        List<Boolean> forms = new ArrayList<>();
        for (ContainerPointer chunk = bitmap.getContainerPointer(); chunk.getContainer() != null; chunk.advance()) {
            forms.add(chunk.isBitmapContainer());
        }
        return forms;
    }
}
