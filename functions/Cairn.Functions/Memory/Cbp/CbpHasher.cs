using System.Security.Cryptography;
using System.Text;

namespace Cairn.Memory;

// The collective pool's only identifiers: HMAC-SHA256 of a normalised pattern (its id) and of an agent id (a
// contributor), each under its own label so one can never be mistaken for the other. Without the key neither can be
// recomputed from a guess, which a plain hash of an agent id would allow.
public sealed class CbpHasher(byte[] key)
{
    public string PatternId(string normalizedPattern) => Hash("cairn-cbp-pattern\n" + normalizedPattern);

    public string Contributor(Guid agentId) => Hash("cairn-cbp-agent\n" + agentId.ToString("D"));

    public static bool IsPatternId(string? value) =>
        value is { Length: 64 } && value.All(char.IsAsciiHexDigitLower);

    private string Hash(string text) => Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(text)));
}
