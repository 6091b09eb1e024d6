using System.Security.Cryptography;
using System.Text;

namespace Cairn.Agents;

// API keys are 256 random bits behind the prefix cairn_live_ (so secret scanners can spot leaks). They are stored as
// HMAC-SHA256(pepper, key): a fast hash is enough for a key with 256 bits of entropy (slow hashes only protect
// guessable secrets, and would tax every request), and the pepper, kept outside the database (Key Vault in Azure),
// makes a leaked table useless on its own.
public sealed class ApiKeys(byte[] pepper)
{
    public const string Prefix = "cairn_live_";

    public static string Generate()
    {
        Span<byte> secret = stackalloc byte[32];
        RandomNumberGenerator.Fill(secret);
        return Prefix + System.Buffers.Text.Base64Url.EncodeToString(secret);
    }

    public string Hash(string key) => Convert.ToHexStringLower(HMACSHA256.HashData(pepper, Encoding.UTF8.GetBytes(key)));

    public static bool LooksLikeKey(string key) => key.StartsWith(Prefix, StringComparison.Ordinal) && key.Length is > 40 and < 100;

    public static bool SameHash(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));
}
