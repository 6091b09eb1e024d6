using System.Text;
using Cairn.Safety;

namespace Cairn.Clipboard;

// Public and workspace values are read by other agents, so text in them passes the secret scanner (Safety/), whatever
// encoding carried it: text types always, and any other type whose bytes are valid UTF-8 (a .env sent as octet-stream).
public static class ClipboardScan
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    public static void ThrowIfSensitive(byte[] bytes, string contentType, string encoding)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException) when (!ClipboardValues.TextContentTypes.Contains(contentType))
        {
            return; // binary: an image or a PDF is not scanned as text
        }
        // The field names the value as sent: for base64 and hex, its decoded text was scanned.
        ContentScanner.ThrowIfSensitive(ContentScanner.Scan(encoding == "utf-8" ? "value" : $"value ({encoding}-decoded)", text));
    }
}
