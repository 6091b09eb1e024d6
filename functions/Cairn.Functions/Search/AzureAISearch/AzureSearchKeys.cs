using System.Buffers.Text;
using System.Text;

namespace Cairn.Search.AzureAISearch;

// Document keys. Azure allows only letters, digits, '_', '-' and '=' in a key (and no leading '_'), while Cairn's ids
// hold ':' and more; so the key is the id's UTF-8 in URL-safe base64, reversible and free of collisions. A
// 256-character id is at most 768 bytes, 1,024 characters encoded: exactly Azure's key limit.
public static class AzureSearchKeys
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // Never starts with '_' or '-': those need a first byte of 0xF8 or more, which UTF-8 never has.
    public static string Encode(string id)
    {
        byte[] bytes;
        try
        {
            bytes = StrictUtf8.GetBytes(id);
        }
        catch (EncoderFallbackException)
        {
            throw new InvalidSearchInputException($"The document id '{id}' holds a lone UTF-16 surrogate; ids must be valid Unicode text.");
        }
        return Base64Url.EncodeToString(bytes);
    }

    public static string Decode(string key) => StrictUtf8.GetString(Base64Url.DecodeFromChars(key));
}
