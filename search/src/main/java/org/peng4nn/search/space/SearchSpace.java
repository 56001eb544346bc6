package org.peng4nn.search.space;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.peng4nn.architecture.Architecture;
import org.peng4nn.architecture.ConvBlock;
import org.peng4nn.architecture.Pooling;
import org.peng4nn.search.genome.Genome;
import org.peng4nn.search.genome.GenomeLayout;
import org.peng4nn.search.genome.GenomeSpace;

/**
 * The macro search space in the spirit of NSGA-Net: 1 to {@code maxBlocks} convolution blocks, each with a
 * kernel size, a channel count, a pooling and a skip choice, then a classifier with an optional dense layer.
 * <p>
 * Genome encoding (fixed length {@code 2 + 4 * maxBlocks}, every gene an index into its choice list):
 * <pre>
 *   [blocks - 1] [kernel, channels, pooling, skip] x maxBlocks [dense]
 * </pre>
 * Slots past the block count are inactive: decoding ignores them, yet they are inherited and mutated,
 * so a mutation of the block count can bring back a block that evolved earlier (as NSGA-Net's unused
 * genes do). Every genome of the layout decodes to a valid architecture. Immutable.
 *
 * @param kernels    kernel sizes to choose from
 * @param channels   channel counts to choose from
 * @param poolings   poolings to choose from
 * @param maxBlocks  largest number of blocks; the smallest is 1
 * @param denseUnits hidden dense layer sizes to choose from (0 = none)
 */
public record SearchSpace(List<Integer> kernels, List<Integer> channels, List<Pooling> poolings, int maxBlocks,
                          List<Integer> denseUnits) implements GenomeSpace {

    private static final int GENES_PER_BLOCK = 4;
    private static final int KERNEL = 0;
    private static final int CHANNELS = 1;
    private static final int POOLING = 2;
    private static final int SKIP = 3;

    public SearchSpace {
        kernels = nonEmptyDistinct("kernels", kernels);
        channels = nonEmptyDistinct("channels", channels);
        poolings = nonEmptyDistinct("poolings", poolings);
        denseUnits = nonEmptyDistinct("denseUnits", denseUnits);
        if (maxBlocks < 1) {
            throw new IllegalArgumentException("maxBlocks must be >= 1, got " + maxBlocks);
        }
        // fail here, not in the middle of a search: every choice must make a valid block
        for (int k : kernels) {
            for (int c : channels) {
                new ConvBlock(k, c, Pooling.NONE, false);
            }
        }
        ConvBlock anyBlock = new ConvBlock(kernels.get(0), channels.get(0), Pooling.NONE, false);
        for (int units : denseUnits) {
            new Architecture(List.of(anyBlock), units);
        }
    }

    /**
     * The default space: kernels {3, 5}, channels {8, 16, 32, 64}, pooling {none, max, avg}, skip {no, yes},
     * 1 to 4 blocks, dense {0, 64, 128}; small networks that train on a CPU.
     */
    public static SearchSpace defaults() {
        return new SearchSpace(List.of(3, 5), List.of(8, 16, 32, 64), List.of(Pooling.NONE, Pooling.MAX, Pooling.AVG),
                4, List.of(0, 64, 128));
    }

    @Override
    public GenomeLayout layout() {
        int[] cardinalities = new int[2 + GENES_PER_BLOCK * maxBlocks];
        cardinalities[0] = maxBlocks;
        for (int slot = 0; slot < maxBlocks; slot++) {
            int base = blockGene(slot);
            cardinalities[base + KERNEL] = kernels.size();
            cardinalities[base + CHANNELS] = channels.size();
            cardinalities[base + POOLING] = poolings.size();
            cardinalities[base + SKIP] = 2;
        }
        cardinalities[cardinalities.length - 1] = denseUnits.size();
        return GenomeLayout.of(cardinalities);
    }

    /**
     * The architecture a genome describes.
     *
     * @throws IllegalArgumentException when the genome does not fit {@link #layout()}
     */
    public Architecture decode(Genome genome) {
        if (!layout().contains(genome)) {
            throw new IllegalArgumentException("genome " + genome + " does not fit " + layout());
        }
        int blocks = genome.gene(0) + 1;
        List<ConvBlock> convBlocks = new ArrayList<>(blocks);
        for (int slot = 0; slot < blocks; slot++) {
            int base = blockGene(slot);
            convBlocks.add(new ConvBlock(kernels.get(genome.gene(base + KERNEL)),
                    channels.get(genome.gene(base + CHANNELS)), poolings.get(genome.gene(base + POOLING)),
                    genome.gene(base + SKIP) == 1));
        }
        return new Architecture(convBlocks, denseUnits.get(genome.gene(genome.length() - 1)));
    }

    /**
     * The genome of an architecture, inactive slots set to the first choices; {@code decode(encode(a))}
     * equals {@code a}.
     *
     * @throws IllegalArgumentException naming the block or value that is not a choice of this space
     */
    public Genome encode(Architecture architecture) {
        List<ConvBlock> blocks = architecture.blocks();
        if (blocks.size() > maxBlocks) {
            throw new IllegalArgumentException(architecture + ": " + blocks.size() + " blocks, the space allows at most "
                    + maxBlocks);
        }
        int[] genes = new int[layout().length()];
        genes[0] = blocks.size() - 1;
        for (int slot = 0; slot < blocks.size(); slot++) {
            ConvBlock block = blocks.get(slot);
            String where = architecture + ": block " + (slot + 1);
            int base = blockGene(slot);
            genes[base + KERNEL] = indexOf(kernels, block.kernel(), where + " kernel");
            genes[base + CHANNELS] = indexOf(channels, block.channels(), where + " channels");
            genes[base + POOLING] = indexOf(poolings, block.pooling(), where + " pooling");
            genes[base + SKIP] = block.skip() ? 1 : 0;
        }
        genes[genes.length - 1] = indexOf(denseUnits, architecture.denseUnits(), architecture + ": dense units");
        return Genome.of(genes);
    }

    /** Genomes that differ only in inactive slots build the same network. */
    @Override
    public Genome canonical(Genome genome) {
        return encode(decode(genome));
    }

    /** Number of distinct architectures in the space. */
    public long size() {
        long perBlock = (long) kernels.size() * channels.size() * poolings.size() * 2;
        long total = 0;
        long blocksWays = 1;
        for (int blocks = 1; blocks <= maxBlocks; blocks++) {
            blocksWays *= perBlock;
            total += blocksWays;
        }
        return total * denseUnits.size();
    }

    private static int blockGene(int slot) {
        return 1 + GENES_PER_BLOCK * slot;
    }

    private static <T> int indexOf(List<T> choices, T value, String what) {
        int index = choices.indexOf(value);
        if (index < 0) {
            throw new IllegalArgumentException(what + " " + value + " is not one of the choices " + choices);
        }
        return index;
    }

    private static <T> List<T> nonEmptyDistinct(String name, List<T> choices) {
        Objects.requireNonNull(choices, name);
        if (choices.isEmpty() || choices.stream().distinct().count() != choices.size()) {
            throw new IllegalArgumentException(name + " must be a non-empty list of distinct choices, got " + choices);
        }
        return List.copyOf(choices);
    }
}
