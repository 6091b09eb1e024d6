namespace Cairn.Embeddings.Local;

// Smooth inverse frequency (Arora, Liang and Ma, 2017): a word weighs a / (a + p(w)), so that "the" counts for little
// and rare words for almost 1. GloVe ships no counts, so p(w) comes from the word's frequency rank by Zipf's law.
internal static class SifWeighting
{
    // Chosen on Cranfield and CISI among 3e-5…1e-2 (docs/embeddings.md); SIF's paper uses 1e-4…1e-3.
    public const double DefaultA = 1e-4;

    private const double EulerGamma = 0.5772156649015329;

    // Zipf with exponent 1 over a vocabulary of n words: p(r) = 1 / (r · H(n)).
    public static double ZipfProbability(int rank, int vocabularySize) =>
        1.0 / (rank * HarmonicNumber(vocabularySize));

    public static double Weight(int rank, int vocabularySize, double a) =>
        a / (a + ZipfProbability(rank, vocabularySize));

    private static double HarmonicNumber(int n) => Math.Log(n) + EulerGamma + (1.0 / (2.0 * n));
}
