using System.Text;
using System.Text.RegularExpressions;

namespace Cairn.Safety;

// The checks a rule may name in secret-rules.json to tell a real value from a look-alike.
internal static class SecretChecks
{
    // Published test cards (Stripe, Visa, Mastercard, Amex docs): card-shaped, but nobody's card.
    private static readonly HashSet<string> TestCards =
    [
        "4242424242424242", "4111111111111111", "4000056655665556", "5555555555554444", "2223003122003222", "5200828282828210",
        "5105105105105100", "378282246310005", "371449635398431", "6011111111111117", "3056930009020004", "3566002020360505",
    ];

    public static bool Passes(SecretRule rule, Match match)
    {
        var secret = match.Groups["secret"] is { Success: true } group ? group.Value : match.Value;
        return rule.Check switch
        {
            null => true,
            "not_placeholder" => !IsPlaceholder(secret),
            "random_token" => LooksRandom(secret),
            "entropy" => !IsPlaceholder(secret) && Entropy(secret) >= rule.MinEntropy,
            "aws_secret" => HasMixedClasses(secret) && Entropy(secret) >= rule.MinEntropy,
            "literal_secret" => IsLiteralSecret(secret, match.Groups["quote"].Success, rule.MinEntropy),
            "basic_auth" => IsBasicCredential(secret),
            "email" => !IsExampleAddress(match.Value),
            "card" => IsCardNumber(match.Value),
            _ => throw new InvalidOperationException($"Rule '{rule.Id}' names an unknown check '{rule.Check}'."),
        };
    }

    // Shannon entropy in bits per character: random keys score 4–6, words and repeated characters far less.
    public static double Entropy(string value)
    {
        if (value.Length == 0)
        {
            return 0;
        }
        var counts = new Dictionary<char, int>();
        foreach (var c in value)
        {
            counts[c] = counts.GetValueOrDefault(c) + 1;
        }
        return -counts.Values.Sum(n => (double)n / value.Length * Math.Log2((double)n / value.Length));
    }

    public static bool IsPlaceholder(string value)
    {
        var v = value.Trim().ToLowerInvariant();
        return v.Length == 0 || v[0] is '$' or '<' or '{' or '%' or '[' or '(' || v.Contains("***", StringComparison.Ordinal) || v.Contains("...", StringComparison.Ordinal)
            || v.Contains('…') || v.Contains("xxx", StringComparison.Ordinal) || v.Contains("your", StringComparison.Ordinal) || v.Contains("example", StringComparison.Ordinal)
            || v.Contains("placeholder", StringComparison.Ordinal) || v.Contains("redacted", StringComparison.Ordinal) || v.Contains("env", StringComparison.Ordinal)
            || v.Contains("secrets.", StringComparison.Ordinal) || v.Contains("changeme", StringComparison.Ordinal) || v.Contains("://", StringComparison.Ordinal)
            || v is "password" or "secret" or "pass" or "passwd" or "user" or "username" or "none" or "null" or "true" or "false" or "token" or "required" or "optional";
    }

    // Real tokens mix letters and digits; words like "token" or "YOUR_API_KEY" do not.
    private static bool LooksRandom(string token) => token.Any(char.IsAsciiDigit) && token.Any(char.IsAsciiLetter) && !IsPlaceholder(token);

    private static bool HasMixedClasses(string value) => value.Any(char.IsAsciiDigit) && value.Any(char.IsAsciiLetterUpper) && value.Any(char.IsAsciiLetterLower);

    // A literal value, not an expression: quoted text with some entropy, or an unquoted run that mixes letters and
    // digits and reads as no call, member access or index (password = form.password, getpass()).
    private static bool IsLiteralSecret(string value, bool quoted, double minEntropy)
    {
        if (value.Length < 6 || IsPlaceholder(value) || Entropy(value) < minEntropy)
        {
            return false;
        }
        return quoted || (value.Any(char.IsAsciiDigit) && value.Any(char.IsAsciiLetter) && !value.Contains('(') && !value.Contains('.') && !value.Contains('['));
    }

    // Base64 of user:password with a password that is not a placeholder.
    private static bool IsBasicCredential(string encoded)
    {
        var padded = encoded.TrimEnd('=');
        padded += new string('=', (4 - padded.Length % 4) % 4);
        var bytes = new byte[padded.Length];
        if (!Convert.TryFromBase64String(padded, bytes, out var written))
        {
            return false;
        }
        var text = Encoding.UTF8.GetString(bytes, 0, written);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && colon < text.Length - 1 && !text.Any(char.IsControl) && !IsPlaceholder(text[(colon + 1)..]);
    }

    private static bool IsExampleAddress(string email)
    {
        var domain = email[(email.IndexOf('@') + 1)..].ToLowerInvariant();
        return email.StartsWith("git@", StringComparison.OrdinalIgnoreCase)
            || domain is "example.com" or "example.org" or "example.net" or "localhost"
            || domain.EndsWith(".example", StringComparison.Ordinal) || domain.EndsWith(".test", StringComparison.Ordinal)
            || domain.EndsWith(".invalid", StringComparison.Ordinal) || domain.EndsWith(".localhost", StringComparison.Ordinal);
    }

    // 13–19 digits with a known issuer prefix and a valid Luhn check digit, and not a published test card.
    private static bool IsCardNumber(string value)
    {
        var digits = new string(value.Where(char.IsAsciiDigit).ToArray());
        if (digits.Length is < 13 or > 19 || TestCards.Contains(digits) || digits.Distinct().Count() < 3)
        {
            return false;
        }
        var issuer = digits[0] switch
        {
            '4' => true,
            '5' => digits[1] is >= '1' and <= '5',
            '2' => digits[1] is >= '2' and <= '7',
            '3' => digits[1] is '4' or '7' or '5' or '0' or '6' or '8',
            '6' => true,
            _ => false,
        };
        return issuer && Luhn(digits);
    }

    private static bool Luhn(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 1)
            {
                d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            }
            sum += d;
        }
        return sum % 10 == 0;
    }
}
