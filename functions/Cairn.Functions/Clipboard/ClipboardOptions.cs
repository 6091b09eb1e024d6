using Microsoft.Extensions.Options;

namespace Cairn.Clipboard;

// Where the clipboard's encryption keys come from. Keys never live in the database.
public sealed class ClipboardOptions
{
    public const string Section = "Cairn:Clipboard";

    // Key ring kid1=base64key;kid2=base64key (32-byte keys). In Azure, a Key Vault reference.
    public string EncryptionKeys { get; set; } = "";

    // Key id that encrypts new values; when empty, the last key listed.
    public string ActiveKeyId { get; set; } = "";

    // A file holding the key ring, one kid=base64key per line (scripts/run creates .cairn/clipboard.keys).
    public string KeyFile { get; set; } = "";
}

// A malformed key ring stops start-up with a message naming the setting, rather than failing on the first request.
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
