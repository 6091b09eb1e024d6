using System.Text.RegularExpressions;

namespace Cairn.Clipboard;

// The AES-256 keys that seal clipboard values, by key id, and the one that seals new writes. Old keys stay in the ring
// to open what they sealed, which is how keys rotate without re-encrypting anything.
public sealed partial class ClipboardKeyRing
{
    private readonly Dictionary<string, byte[]> _keys;

    private ClipboardKeyRing(Dictionary<string, byte[]> keys, string activeKeyId)
    {
        _keys = keys;
        ActiveKeyId = activeKeyId;
    }

    public string ActiveKeyId { get; }

    public byte[] ActiveKey => _keys[ActiveKeyId];

    public bool TryGetKey(string keyId, out byte[] key) => _keys.TryGetValue(keyId, out key!);

    // The configured ring, or null when no key is configured (the clipboard then answers 503).
    public static ClipboardKeyRing? Load(ClipboardOptions options)
    {
        var inline = !string.IsNullOrWhiteSpace(options.EncryptionKeys);
        var file = !string.IsNullOrWhiteSpace(options.KeyFile);
        if (inline && file)
        {
            throw new ClipboardKeyRingException($"Set either {ClipboardOptions.Section}:EncryptionKeys or {ClipboardOptions.Section}:KeyFile, not both.");
        }
        // An unresolved Key Vault reference arrives as its literal text.
        if (inline && options.EncryptionKeys.TrimStart().StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase))
        {
            throw new ClipboardKeyRingException(
                $"{ClipboardOptions.Section}:EncryptionKeys is an unresolved Key Vault reference: give the app's identity 'Key Vault Secrets User' on the vault.");
        }
        if (file)
        {
            string text;
            try
            {
                text = File.ReadAllText(options.KeyFile);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                throw new ClipboardKeyRingException($"{ClipboardOptions.Section}:KeyFile '{options.KeyFile}' cannot be read: {exception.Message}");
            }
            return Parse(text, options.ActiveKeyId, $"{ClipboardOptions.Section}:KeyFile '{options.KeyFile}'");
        }
        return inline ? Parse(options.EncryptionKeys, options.ActiveKeyId, $"{ClipboardOptions.Section}:EncryptionKeys") : null;
    }

    // Parses kid=base64 pairs separated by ';' or new lines ('#' starts a comment line).
    public static ClipboardKeyRing Parse(string text, string? activeKeyId, string source)
    {
        var keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        string? last = null;
        // Comments are whole lines, and may contain ';' themselves: drop them before splitting pairs.
        var pairs = text.Split(['\n', '\r'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(line => !line.StartsWith('#'))
            .SelectMany(line => line.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        foreach (var raw in pairs)
        {
            var separator = raw.IndexOf('=', StringComparison.Ordinal);
            var kid = separator > 0 ? raw[..separator].Trim() : "";
            if (!KeyIdPattern().IsMatch(kid))
            {
                throw new ClipboardKeyRingException($"{source}: each key must be written 'kid=base64key', with a key id of 1-32 letters, digits, '_', '-' or '.'.");
            }
            if (!TryDecodeKey(raw[(separator + 1)..].Trim(), out var key))
            {
                throw new ClipboardKeyRingException($"{source}: key '{kid}' must be 32 bytes in base64 (e.g. `openssl rand -base64 32`).");
            }
            if (!keys.TryAdd(kid, key))
            {
                throw new ClipboardKeyRingException($"{source}: key id '{kid}' is listed twice.");
            }
            last = kid;
        }
        if (last is null)
        {
            throw new ClipboardKeyRingException($"{source} holds no key.");
        }
        var active = string.IsNullOrWhiteSpace(activeKeyId) ? last : activeKeyId.Trim();
        return keys.ContainsKey(active)
            ? new ClipboardKeyRing(keys, active)
            : throw new ClipboardKeyRingException($"{ClipboardOptions.Section}:ActiveKeyId '{active}' is not one of the keys in {source}.");
    }

    private static bool TryDecodeKey(string base64, out byte[] key)
    {
        key = new byte[32];
        return Convert.TryFromBase64String(base64, key, out var written) && written == 32;
    }

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,32}$")]
    private static partial Regex KeyIdPattern();
}

public sealed class ClipboardKeyRingException(string message) : Exception(message);
