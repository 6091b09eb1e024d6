using System.Text;
using Cairn.Clipboard;
using Cairn.Errors;

namespace Cairn.Events.Webhooks;

/// <summary>
/// Seals webhook signing secrets with the app's one key ring (the clipboard's AES-256-GCM keys, docs/clipboard.md), bound
/// to the owner and webhook as associated data, so a sealed secret copied onto another webhook does not open. Rows
/// written before secrets were sealed hold the plain <c>secret</c> and keep working until their next rotation.
/// </summary>
public sealed class WebhookSecrets(ClipboardCipher cipher)
{
    public SealedSecret Seal(string secret, Guid ownerId, Guid webhookId)
    {
        if (!cipher.IsConfigured)
        {
            throw new NotConfiguredException("webhooks_not_configured",
                $"Webhook signing secrets are stored only encrypted, and no encryption key is configured ({ClipboardOptions.Section}:EncryptionKeys or :KeyFile).");
        }
        var sealedBytes = cipher.Seal(Encoding.UTF8.GetBytes(secret), AssociatedData(ownerId, webhookId));
        return new SealedSecret(sealedBytes.KeyId, Convert.ToBase64String(sealedBytes.Nonce), Convert.ToBase64String(sealedBytes.Tag),
            Convert.ToBase64String(sealedBytes.Ciphertext));
    }

    /// <summary>The secret deliveries are signed with; an <see cref="UnreadableDataException"/> when it cannot be opened (its key is gone, or it was altered).</summary>
    public string Open(WebhookSubscription subscription)
    {
        if (subscription.SealedSecret is not { } s)
        {
            return subscription.Secret ?? throw ClipboardCipher.Corrupted();
        }
        try
        {
            var sealedBytes = new SealedBytes(s.KeyId, Convert.FromBase64String(s.Nonce), Convert.FromBase64String(s.Tag), Convert.FromBase64String(s.Ciphertext));
            return Encoding.UTF8.GetString(cipher.Open(sealedBytes, AssociatedData(subscription.OwnerId, subscription.Id)));
        }
        catch (FormatException)
        {
            throw ClipboardCipher.Corrupted();
        }
    }

    private static byte[] AssociatedData(Guid ownerId, Guid webhookId) => Encoding.ASCII.GetBytes($"cairn/webhook-secret/v1|{ownerId:N}|{webhookId:N}");
}

/// <summary>A signing secret as stored: the id of the key that sealed it, nonce, tag and ciphertext (base64).</summary>
public sealed record SealedSecret(string KeyId, string Nonce, string Tag, string Ciphertext);
