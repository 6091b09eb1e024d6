using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Cairn.Workspaces;

// Invite codes are 192 random bits behind cairn_inv_, stored only as SHA-256: with that much entropy a plain hash
// cannot be reversed, so a leaked table does not let anyone join.
public static class InviteCodes
{
    public const string Prefix = "cairn_inv_";

    public static string Generate()
    {
        Span<byte> secret = stackalloc byte[24];
        RandomNumberGenerator.Fill(secret);
        return Prefix + Base64Url.EncodeToString(secret);
    }

    public static string Hash(string code) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(code)));

    public static bool LooksLikeCode(string code) => code.StartsWith(Prefix, StringComparison.Ordinal) && code.Length is > 20 and < 80;

    public static bool SameHash(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));
}
