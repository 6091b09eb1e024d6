using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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
    public bool Has(int slot) => _scales[slot] > 0;

    /// <summary>An upper bound on |cosine computed here − cosine pgvector computes| for this slot and any unit query.</summary>
    public double Bound(int slot) => _residuals[slot] + RoundingSlack;

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

    /// <summary>The query unit-normalised and padded to <see cref="Stride"/>; null when it has no direction.</summary>
    public float[]? Prepare(ReadOnlySpan<float> query)
    {
        if (query.Length != Dimensions || !SearchText.HasDirection(query))
        {
            return null;
        }
        var norm = Math.Sqrt(SumOfSquares(query));
        var unit = new float[Stride];
        for (var i = 0; i < query.Length; i++)
        {
            unit[i] = (float)(query[i] / norm);
        }
        return unit;
    }

    /// <summary>The cosine of a prepared query with the slot's quantised vector.</summary>
    public double Score(ReadOnlySpan<float> query, int slot) => _scales[slot] * (double)Dot(query, _codes.AsSpan(slot * Stride, Stride));

    private static double SumOfSquares(ReadOnlySpan<float> vector)
    {
        var sum = 0.0;
        foreach (var value in vector)
        {
            sum += (double)value * value;
        }
        return sum;
    }

    // Written by hand: System.Numerics.Tensors has no dot product of int8 codes with float32 values.
    private static float Dot(ReadOnlySpan<float> query, ReadOnlySpan<sbyte> codes)
    {
        if (!Vector256.IsHardwareAccelerated)
        {
            var sum = 0f;
            for (var i = 0; i < codes.Length; i++)
            {
                sum += query[i] * codes[i];
            }
            return sum;
        }
        var floats = MemoryMarshal.Cast<float, Vector256<float>>(query);
        var blocks = MemoryMarshal.Cast<sbyte, Vector256<sbyte>>(codes);
        Vector256<float> a = default, b = default;
        for (var i = 0; i < blocks.Length; i++)
        {
            var (low, high) = Vector256.Widen(blocks[i]);
            var (w0, w1) = Vector256.Widen(low);
            var (w2, w3) = Vector256.Widen(high);
            a += Vector256.ConvertToSingle(w0) * floats[4 * i] + Vector256.ConvertToSingle(w2) * floats[4 * i + 2];
            b += Vector256.ConvertToSingle(w1) * floats[4 * i + 1] + Vector256.ConvertToSingle(w3) * floats[4 * i + 3];
        }
        return Vector256.Sum(a + b);
    }
}
