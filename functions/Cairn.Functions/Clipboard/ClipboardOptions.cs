using Microsoft.Extensions.Options;

namespace Cairn.Clipboard;

/// <summary>Where the clipboard's encryption keys come from. Keys never live in the database.</summary>
public sealed class ClipboardOptions
{
    public const string Section = "Cairn:Clipboard";

    /// <summary>Key ring <c>kid1=base64key;kid2=base64key</c> (32-byte keys). In Azure, a Key Vault reference.</summary>
    public string EncryptionKeys { get; set; } = "";

    /// <summary>Key id that encrypts new values; when empty, the last key listed.</summary>
    public string ActiveKeyId { get; set; } = "";

    /// <summary>A file holding the key ring, one <c>kid=base64key</c> per line (scripts/run creates .cairn/clipboard.keys).</summary>
    public string KeyFile { get; set; } = "";
}

/// <summary>A malformed key ring stops start-up with a message naming the setting, rather than failing on the first request.</summary>
internal sealed class ClipboardOptionsValidator : IValidateOptions<ClipboardOptions>
{
    public ValidateOptionsResult Validate(string? name, ClipboardOptions options)
    {
        try
        {
            ClipboardKeyRing.Load(options);
            return ValidateOptionsResult.Success;
        }
        catch (ClipboardKeyRingException exception)
        {
            return ValidateOptionsResult.Fail(exception.Message);
        }
    }
}
