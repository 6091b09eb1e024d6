using System.Text.RegularExpressions;

namespace Cairn.Safety;

/// <summary>One kind of sensitive content: a pattern, a human name, and an optional check that filters out look-alikes.</summary>
internal sealed record SecretRule(string Kind, string Description, Regex Pattern, Func<Match, bool>? IsReal = null);

/// <summary>
/// What public content must not carry. Patterns follow the published formats of each credential (prefixes and
/// lengths), so ordinary prose and code that merely mentions a password variable does not match.
/// </summary>
internal static partial class SecretRules
{
    public static readonly IReadOnlyList<SecretRule> All =
    [
        new("private_key", "a private key block", PrivateKey()),
        new("openai_api_key", "an OpenAI-style API key (sk-…)", OpenAi()),
        new("github_token", "a GitHub token (ghp_…, github_pat_…)", GitHub()),
        new("agent_api_key", "an agent API key (cairn_live_…, plrm_live_…)", AgentKey()),
        new("aws_access_key", "an AWS access key id (AKIA…)", Aws()),
        new("google_api_key", "a Google API key (AIza…)", Google()),
        new("slack_token", "a Slack token (xox…)", Slack()),
        new("stripe_key", "a Stripe secret key (sk_live_…)", Stripe()),
        new("azure_key", "an Azure account key or SAS signature", Azure()),
        new("jwt", "a JSON Web Token", Jwt()),
        new("bearer_token", "a bearer token", Bearer(), m => LooksRandom(m.Groups["token"].Value)),
        new("connection_string", "a connection string with credentials", ConnectionString(), m => !IsPlaceholder(m.Groups["password"].Value)),
        new("password", "a password or secret in configuration", PasswordAssignment(), m => IsLiteralSecret(m)),
        new("private_ip", "a private IP address", PrivateIp()),
        new("email", "an e-mail address", Email(), m => !IsExampleAddress(m.Value)),
    ];

    private static bool IsLiteralSecret(Match match)
    {
        var value = match.Groups["value"].Value;
        var quoted = match.Groups["quote"].Success;
        if (value.Length < 6 || IsPlaceholder(value))
        {
            return false;
        }
        // Unquoted values must look like a secret, not an identifier or an expression (password = form.password).
        return quoted || (value.Any(char.IsDigit) && value.Any(char.IsLetter) && !value.Contains('(') && !value.Contains('.'));
    }

    private static bool IsPlaceholder(string value)
    {
        var v = value.ToLowerInvariant();
        return v.Length == 0 || v.StartsWith('$') || v.StartsWith('<') || v.StartsWith('{') || v.StartsWith('%') || v.Contains("***", StringComparison.Ordinal)
            || v.Contains("xxx", StringComparison.Ordinal) || v.Contains("your", StringComparison.Ordinal) || v.Contains("example", StringComparison.Ordinal)
            || v.Contains("placeholder", StringComparison.Ordinal) || v.Contains("redacted", StringComparison.Ordinal) || v.Contains("env", StringComparison.Ordinal)
            || v is "password" or "secret" or "changeme" or "pass" or "user" or "username" or "none" or "null";
    }

    /// <summary>Real tokens mix letters and digits; words like "token" or "YOUR_API_KEY" do not.</summary>
    private static bool LooksRandom(string token) =>
        token.Any(char.IsDigit) && token.Any(char.IsLetter) && !IsPlaceholder(token);

    private static bool IsExampleAddress(string email)
    {
        var domain = email[(email.IndexOf('@') + 1)..].ToLowerInvariant();
        return email.StartsWith("git@", StringComparison.OrdinalIgnoreCase)
            || domain is "example.com" or "example.org" or "example.net" or "localhost"
            || domain.EndsWith(".example", StringComparison.Ordinal) || domain.EndsWith(".test", StringComparison.Ordinal) || domain.EndsWith(".invalid", StringComparison.Ordinal);
    }

    [GeneratedRegex(@"-----BEGIN (?:RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY(?: BLOCK)?-----")]
    private static partial Regex PrivateKey();

    [GeneratedRegex(@"(?<![A-Za-z0-9_-])sk-(?:proj-|ant-|live-)?[A-Za-z0-9_-]{20,}")]
    private static partial Regex OpenAi();

    [GeneratedRegex(@"(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{22,})")]
    private static partial Regex GitHub();

    [GeneratedRegex(@"(?<![A-Za-z0-9_])(?:cairn_live_[A-Za-z0-9_-]{20,}|plrm_live_[A-Za-z0-9_-]{8,})")]
    private static partial Regex AgentKey();

    [GeneratedRegex(@"(?<![A-Z0-9])(?:AKIA|ASIA)[0-9A-Z]{16}(?![A-Z0-9])")]
    private static partial Regex Aws();

    [GeneratedRegex(@"AIza[0-9A-Za-z_-]{35}")]
    private static partial Regex Google();

    [GeneratedRegex(@"xox[abprs]-[A-Za-z0-9-]{10,}")]
    private static partial Regex Slack();

    [GeneratedRegex(@"(?:sk|rk)_live_[0-9A-Za-z]{20,}")]
    private static partial Regex Stripe();

    [GeneratedRegex(@"(?:AccountKey|SharedAccessKey)=[A-Za-z0-9+/]{40,}={0,2}|[?&]sig=[A-Za-z0-9%+/]{30,}")]
    private static partial Regex Azure();

    [GeneratedRegex(@"eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}")]
    private static partial Regex Jwt();

    [GeneratedRegex(@"\bBearer\s+(?<token>[A-Za-z0-9._~+/-]{20,}=*)")]
    private static partial Regex Bearer();

    [GeneratedRegex(@"\b(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver|oracle)://[^\s:/@]+:(?<password>[^\s@/]+)@", RegexOptions.IgnoreCase)]
    private static partial Regex ConnectionString();

    [GeneratedRegex(@"(?<![A-Za-z])(?:[A-Za-z_]*(?:password|passwd|pwd|secret|api_?key|access_?key|token))\s*[:=]\s*(?:(?<quote>[""'])(?<value>[^""'\r\n]*)\k<quote>|(?<value>[^\s,;""'\]\)}]+))", RegexOptions.IgnoreCase)]
    private static partial Regex PasswordAssignment();

    [GeneratedRegex(@"(?<![\d.])(?:10\.(?:25[0-5]|2[0-4]\d|1?\d?\d)|172\.(?:1[6-9]|2\d|3[01])|192\.168)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){2}(?![\d./])")]
    private static partial Regex PrivateIp();

    [GeneratedRegex(@"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![A-Za-z0-9-])")]
    private static partial Regex Email();
}
