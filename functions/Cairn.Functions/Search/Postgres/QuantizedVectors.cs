using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Cairn.Search.Postgres;

/// <summary>
/// The keyword mirror's copy of each slot's vector, unit-normalised and quantised to int8 with a per-vector scale, and the
/// norm of what quantising lost, so a cosine computed here is within a known distance of the one pgvector computes:
/// |q·u − q·û| ≤ |q|·|u − û| (docs/search.md, "The vector arm").
/// </summary>
public sealed class QuantizedVectors(int dimensions)
{
    // Codes are padded to whole 256-bit blocks (zeros add nothing to a dot product).
    private const int Block = 32;

    public int Dimensions { get; } = dimensions;

    /// <summary>Bytes per slot's codes: the dimensions rounded up to a whole block.</summary>
    public int Stride { get; } = StrideOf(dimensions);

    public static int StrideOf(int dimensions) => (dimensions + Block - 1) / Block * Block;

    /// <summary>
    /// What float32 arithmetic can add to the bound, here and in pgvector (a dot product and two norms of n terms, each
    /// within n·2⁻²⁴ of exact for unit vectors), with a margin: small against a quantisation residual (~0.005).
    /// </summary>
    public double RoundingSlack => 8.0 * Stride / (1 << 24) + 1e-7;

    private sbyte[] _codes = [];
    private float[] _scales = [];
    private float[] _residuals = [];

    /// <summary>Bytes held (codes, scales and residuals of every slot allocated so far).</summary>
    public long Bytes => _codes.LongLength + 4L * (_scales.Length + _residuals.Length);

    public void EnsureCapacity(int slots)
    {
        if (slots > _scales.Length)
        {
            var size = Math.Max(slots, _scales.Length * 2);
            Array.Resize(ref _codes, size * Stride);
            Array.Resize(ref _scales, size);
            Array.Resize(ref _residuals, size);
        }
    }

    /// <summary>Whether the slot holds a vector (one without a direction, or of another size, is held as none).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Has(int slot) => _scales[slot] > 0;

    public void Clear(int slot)
    {
        _scales[slot] = 0;
        _residuals[slot] = 0;
        _codes.AsSpan(slot * Stride, Stride).Clear();
    }

    public void Set(int slot, ReadOnlySpan<float> vector)
    {
        if (vector.Length != Dimensions || !SearchText.HasDirection(vector))
        {
            Clear(slot);
            return;
        }
        var norm = Math.Sqrt(SumOfSquares(vector));
        var largest = 0.0;
        foreach (var value in vector)
        {
            largest = Math.Max(largest, Math.Abs(value / norm));
        }
        // The residual is measured against the scale as stored (a float), so the bound holds for what Score computes.
        var scale = (float)(largest / 127);
        var codes = _codes.AsSpan(slot * Stride, Stride);
        codes.Clear();
        var lost = 0.0;
        for (var i = 0; i < vector.Length; i++)
        {
            var unit = vector[i] / norm;
            var code = (sbyte)Math.Clamp(Math.Round(unit / scale), -127, 127);
            codes[i] = code;
            lost += (unit - (double)scale * code) * (unit - (double)scale * code);
        }
        var residual = (float)Math.Sqrt(lost);
        _residuals[slot] = residual < Math.Sqrt(lost) ? MathF.BitIncrement(residual) : residual;
        _scales[slot] = scale;
    }

    /// <summary>
    /// The query unit-normalised and quantised to int16 (padded to <see cref="Stride"/>), with what that lost; null when it has
    /// no direction. Its largest code keeps every dot product with int8 codes inside an int32.
    /// </summary>
    public PreparedQuery? Prepare(ReadOnlySpan<float> query)
    {
        if (query.Length != Dimensions || !SearchText.HasDirection(query))
        {
            return null;
        }
        var norm = Math.Sqrt(SumOfSquares(query));
        var largest = 0.0;
        foreach (var value in query)
        {
            largest = Math.Max(largest, Math.Abs(value / norm));
        }
        var top = Math.Min(short.MaxValue, int.MaxValue / (127 * Stride));
        var scale = largest / top;
        var codes = new short[Stride];
        var lost = 0.0;
        for (var i = 0; i < query.Length; i++)
        {
            var unit = query[i] / norm;
            codes[i] = (short)Math.Clamp(Math.Round(unit / scale), -top, top);
            lost += (unit - scale * codes[i]) * (unit - scale * codes[i]);
        }
        return new PreparedQuery(codes, scale, Math.Sqrt(lost) * (1 + 1e-9));
    }

    /// <summary>The cosine of a prepared query with the slot's quantised vector (exact integer arithmetic, then two scales).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Score(PreparedQuery query, int slot) => _scales[slot] * query.Scale * Dot(query.Codes, _codes.AsSpan(slot * Stride, Stride));

    /// <summary>
    /// An upper bound on |cosine computed here − cosine pgvector computes|: with u the unit vector, û its int8 copy (residual
    /// r), q the unit query and q̃ its int16 copy (residual ρ), |q·u − q̃·û| ≤ |q|·|u − û| + |q − q̃|·|û| ≤ r + ρ(1 + r).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Bound(PreparedQuery query, int slot) => _residuals[slot] + query.Residual * (1 + _residuals[slot]) + RoundingSlack;

    private static double SumOfSquares(ReadOnlySpan<float> vector)
    {
        var sum = 0.0;
        foreach (var value in vector)
        {
            sum += (double)value * value;
        }
        return sum;
    }

    // Written by hand: System.Numerics.Tensors has no dot product of int8 codes with int16 ones. Optimised from the first call:
    // filtered searches can be rare, and tier-0 code (vector calls not inlined) ran ~8x slower in a short-lived process.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Dot(short[] query, ReadOnlySpan<sbyte> codes)
    {
        if (!Avx2.IsSupported)
        {
            var sum = 0;
            for (var i = 0; i < codes.Length; i++)
            {
                sum += query[i] * codes[i];
            }
            return sum;
        }
        var wide = MemoryMarshal.Cast<short, Vector256<short>>(query);
        var blocks = MemoryMarshal.Cast<sbyte, Vector256<sbyte>>(codes);
        var total = Vector256<int>.Zero;
        for (var i = 0; i < blocks.Length; i++)
        {
            // Sign-extend 32 codes to two vectors of 16 shorts; multiply by the query's and add neighbouring pairs (vpmaddwd).
            var (low, high) = Vector256.Widen(blocks[i]);
            total += Avx2.MultiplyAddAdjacent(low, wide[2 * i]) + Avx2.MultiplyAddAdjacent(high, wide[2 * i + 1]);
        }
        return Vector256.Sum(total);
    }
}

/// <summary>A query as <see cref="QuantizedVectors.Score"/> reads it: int16 codes of its unit vector, their scale and what they lost.</summary>
public sealed record PreparedQuery(short[] Codes, double Scale, double Residual);
