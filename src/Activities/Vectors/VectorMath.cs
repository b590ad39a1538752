using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Weft.Activities.Vectors;

/// <summary>SIMD kernels over <see cref="Vector{T}"/> (AVX2/AVX-512/NEON as the machine offers).</summary>
internal static class VectorMath
{
    /// <summary>Σ a[i]·b[i]; four independent accumulators keep the adds from waiting on each other.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var length = a.Length;
        if (b.Length != length) throw new ArgumentException("Vectors differ in length.", nameof(b));
        ref var ra = ref MemoryMarshal.GetReference(a);
        ref var rb = ref MemoryMarshal.GetReference(b);
        var width = Vector<float>.Count;
        var i = 0;
        var sum = 0f;
        if (Vector.IsHardwareAccelerated && length >= width)
        {
            Vector<float> s0 = Vector<float>.Zero, s1 = Vector<float>.Zero, s2 = Vector<float>.Zero, s3 = Vector<float>.Zero;
            for (; i <= length - (4 * width); i += 4 * width)
            {
                s0 += Vector.LoadUnsafe(ref ra, (nuint)i) * Vector.LoadUnsafe(ref rb, (nuint)i);
                s1 += Vector.LoadUnsafe(ref ra, (nuint)(i + width)) * Vector.LoadUnsafe(ref rb, (nuint)(i + width));
                s2 += Vector.LoadUnsafe(ref ra, (nuint)(i + (2 * width))) * Vector.LoadUnsafe(ref rb, (nuint)(i + (2 * width)));
                s3 += Vector.LoadUnsafe(ref ra, (nuint)(i + (3 * width))) * Vector.LoadUnsafe(ref rb, (nuint)(i + (3 * width)));
            }
            for (; i <= length - width; i += width)
                s0 += Vector.LoadUnsafe(ref ra, (nuint)i) * Vector.LoadUnsafe(ref rb, (nuint)i);
            sum = Vector.Sum((s0 + s1) + (s2 + s3));
        }
        for (; i < length; i++)
            sum += Unsafe.Add(ref ra, i) * Unsafe.Add(ref rb, i);
        return sum;
    }

    /// <summary>Writes <paramref name="source"/> scaled to length 1 (norm computed in double for accuracy); false when it has no length.</summary>
    public static bool TryNormalize(ReadOnlySpan<float> source, Span<float> destination)
    {
        var squares = 0.0;
        foreach (var x in source) squares += (double)x * x;
        if (!(squares > 0) || double.IsInfinity(squares)) return false;
        var scale = (float)(1.0 / Math.Sqrt(squares));
        for (var i = 0; i < source.Length; i++) destination[i] = source[i] * scale;
        return true;
    }

    public static float[] Normalized(ReadOnlySpan<float> source)
    {
        var result = new float[source.Length];
        if (!TryNormalize(source, result)) throw new ArgumentException("The vector has no length.", nameof(source));
        return result;
    }
}
