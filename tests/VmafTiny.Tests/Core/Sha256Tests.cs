using System.Security.Cryptography;
using Xunit;
using Sha256 = VmafTiny.IO.Sha256;

namespace VmafTiny.Tests.Core;

/// <summary>The managed SHA-256 of file identities against .NET's (OpenSSL's), byte for byte.</summary>
public sealed class Sha256Tests
{
    [Fact]
    public void Every_length_through_five_blocks_hashes_as_dotnet_does()
    {
        // Every padding case: the 0x80 and the length in the last block or spilling into one more, at each offset.
        var random = new Random(11);
        byte[] data = new byte[5 * 64 + 1];
        random.NextBytes(data);
        for (int n = 0; n <= data.Length; n++)
        {
            Assert.Equal(SHA256.HashData(data.AsSpan(0, n)), Sha256.Hash(data.AsSpan(0, n)));
        }
    }

    [Fact]
    public void Appending_in_pieces_gives_the_digest_of_the_whole()
    {
        var random = new Random(12);
        byte[] data = new byte[200_003];
        random.NextBytes(data);
        byte[] expected = SHA256.HashData(data);
        for (int trial = 0; trial < 20; trial++)
        {
            var sha = new Sha256();
            int at = 0;
            while (at < data.Length)
            {
                int piece = Math.Min(data.Length - at, random.Next(0, trial % 2 == 0 ? 130 : 70_000));
                sha.Append(data.AsSpan(at, piece));
                at += piece;
            }

            Assert.Equal(expected, sha.Finish());
        }
    }

    [Fact]
    public void The_standard_test_vectors()
    {
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Convert.ToHexStringLower(Sha256.Hash([])));
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Convert.ToHexStringLower(Sha256.Hash("abc"u8)));
        Assert.Equal(
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
            Convert.ToHexStringLower(Sha256.Hash("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"u8)));
    }
}
