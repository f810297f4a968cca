using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace VmafTiny.IO;

/// <summary>
/// SHA-256 (FIPS 180-4) in managed code, for <see cref="FileIdentity"/>: every run hashes a sample of each input, and
/// .NET's <c>SHA256</c> on Linux loads OpenSSL to do it (libssl and libcrypto: about 5 ms of a 45 ms start on the
/// project's VM, most of it mapping and relocating the libraries). Hashing 256 KiB here takes under a millisecond.
/// </summary>
/// <remarks>Sha256Tests hold it to .NET's <c>SHA256</c> on inputs of every length around the block and padding edges.</remarks>
internal sealed class Sha256
{
    /// <summary>Bytes in a digest.</summary>
    public const int HashBytes = 32;

    private const int BlockBytes = 64;

    private static ReadOnlySpan<uint> RoundConstants =>
    [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ];

    private readonly uint[] _state = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
    private readonly byte[] _pending = new byte[BlockBytes];
    private int _pendingBytes;
    private ulong _length;

    /// <summary>The SHA-256 of <paramref name="data"/>.</summary>
    public static byte[] Hash(ReadOnlySpan<byte> data)
    {
        var sha = new Sha256();
        sha.Append(data);
        return sha.Finish();
    }

    /// <summary>Adds <paramref name="data"/> to the message.</summary>
    public void Append(ReadOnlySpan<byte> data)
    {
        _length += (ulong)data.Length;
        if (_pendingBytes > 0)
        {
            int take = Math.Min(BlockBytes - _pendingBytes, data.Length);
            data[..take].CopyTo(_pending.AsSpan(_pendingBytes));
            _pendingBytes += take;
            data = data[take..];
            if (_pendingBytes < BlockBytes)
            {
                return;
            }

            Compress(_state, _pending);
            _pendingBytes = 0;
        }

        while (data.Length >= BlockBytes)
        {
            Compress(_state, data[..BlockBytes]);
            data = data[BlockBytes..];
        }

        data.CopyTo(_pending);
        _pendingBytes = data.Length;
    }

    /// <summary>The digest of everything appended; the instance is spent after this.</summary>
    public byte[] Finish()
    {
        // 0x80, zeros to 56 mod 64, then the length in bits, big-endian.
        ulong bits = _length * 8;
        Span<byte> tail = stackalloc byte[2 * BlockBytes];
        tail.Clear();
        _pending.AsSpan(0, _pendingBytes).CopyTo(tail);
        tail[_pendingBytes] = 0x80;
        int total = _pendingBytes + 1 + 8 <= BlockBytes ? BlockBytes : 2 * BlockBytes;
        BinaryPrimitives.WriteUInt64BigEndian(tail.Slice(total - 8), bits);
        Compress(_state, tail[..BlockBytes]);
        if (total > BlockBytes)
        {
            Compress(_state, tail.Slice(BlockBytes, BlockBytes));
        }

        byte[] digest = new byte[HashBytes];
        for (int i = 0; i < 8; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(digest.AsSpan(4 * i), _state[i]);
        }

        return digest;
    }

    [SkipLocalsInit]
    private static void Compress(uint[] state, ReadOnlySpan<byte> block)
    {
        Span<uint> w = stackalloc uint[64];
        for (int t = 0; t < 16; t++)
        {
            w[t] = BinaryPrimitives.ReadUInt32BigEndian(block.Slice(4 * t));
        }

        for (int t = 16; t < 64; t++)
        {
            uint s0 = BitOperations.RotateRight(w[t - 15], 7) ^ BitOperations.RotateRight(w[t - 15], 18) ^ (w[t - 15] >> 3);
            uint s1 = BitOperations.RotateRight(w[t - 2], 17) ^ BitOperations.RotateRight(w[t - 2], 19) ^ (w[t - 2] >> 10);
            w[t] = w[t - 16] + s0 + w[t - 7] + s1;
        }

        uint a = state[0], b = state[1], c = state[2], d = state[3], e = state[4], f = state[5], g = state[6], h = state[7];
        ReadOnlySpan<uint> k = RoundConstants;
        for (int t = 0; t < 64; t++)
        {
            uint t1 = h + (BitOperations.RotateRight(e, 6) ^ BitOperations.RotateRight(e, 11) ^ BitOperations.RotateRight(e, 25)) + ((e & f) ^ (~e & g)) + k[t] + w[t];
            uint t2 = (BitOperations.RotateRight(a, 2) ^ BitOperations.RotateRight(a, 13) ^ BitOperations.RotateRight(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
            h = g;
            g = f;
            f = e;
            e = d + t1;
            d = c;
            c = b;
            b = a;
            a = t1 + t2;
        }

        state[0] += a;
        state[1] += b;
        state[2] += c;
        state[3] += d;
        state[4] += e;
        state[5] += f;
        state[6] += g;
        state[7] += h;
    }
}
