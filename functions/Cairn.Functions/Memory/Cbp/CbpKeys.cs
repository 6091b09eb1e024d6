namespace Cairn.Memory;

// Reads the collective pool's HMAC key (CbpKey); keys never live in the database.
public static class CbpKeys
{
    public const int MinBytes = 32;

    // The key, or null when none is usable (collective best practices are then off and answer 503).
    public static byte[]? Load(string setting) =>
        string.IsNullOrWhiteSpace(setting) || IsUnresolvedReference(setting) ? null
        : Problem(setting) is { } problem ? throw new InvalidOperationException(problem)
        : Convert.FromBase64String(setting.Trim());

    // An unresolved Key Vault reference arrives as its literal text — e.g. a deployment that predates the secret. The
    // pool is then off (503, logged) rather than the whole app refusing to start.
    public static bool IsUnresolvedReference(string setting) =>
        setting.TrimStart().StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase);

    // What is wrong with a configured key (stops start-up), or null when it is fine, empty or an unresolved reference.
    public static string? Problem(string setting)
    {
        if (string.IsNullOrWhiteSpace(setting) || IsUnresolvedReference(setting))
        {
            return null;
        }
        var buffer = new byte[setting.Length];
        return Convert.TryFromBase64String(setting.Trim(), buffer, out var length) && length >= MinBytes
            ? null
            : $"{MemoryOptions.Section}:CbpKey must be base64 of at least {MinBytes} bytes (e.g. `openssl rand -base64 32`).";
    }
}
