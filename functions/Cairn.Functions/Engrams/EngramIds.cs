using System.Globalization;
using System.Security.Cryptography;

namespace Cairn.Engrams;

// Server-made ids: ENG-YYYY-MMDD-XXXXXXXX, PLUR's dated form with 40 random bits (Crockford base32) in place of a daily
// sequence number, which would need a counter document and a write per learn.
public static class EngramIds
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string New(DateTimeOffset now)
    {
        Span<byte> random = stackalloc byte[8];
        RandomNumberGenerator.Fill(random);
        var bits = BitConverter.ToUInt64(random);
        Span<char> suffix = stackalloc char[8];
        for (var i = 0; i < suffix.Length; i++)
        {
            suffix[i] = Alphabet[(int)(bits & 31)];
            bits >>= 5;
        }
        return $"ENG-{now.UtcDateTime.ToString("yyyy-MMdd", CultureInfo.InvariantCulture)}-{suffix}";
    }
}
