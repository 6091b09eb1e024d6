using System.Text;
using Azure.Core;

namespace Cairn.Pulse.WebPubSub;

// How Cairn proves itself to Web PubSub: a JWT signed with the access key, or an Entra ID token of the app's identity.
public abstract class WebPubSubCredential
{
    // Data-plane scope of Web PubSub for Entra ID tokens.
    public const string Scope = "https://webpubsub.azure.com/.default";

    // The key to sign client tokens with, or null when tokens must come from the service (:generateToken).
    public virtual byte[]? SigningKey => null;

    // The bearer token for one request to requestUri.
    public abstract ValueTask<string> BearerTokenAsync(Uri requestUri, CancellationToken cancellationToken);

    public static WebPubSubCredential FromAccessKey(string accessKey, TimeProvider clock) => new AccessKey(Encoding.UTF8.GetBytes(accessKey), clock);

    public static WebPubSubCredential FromIdentity(TokenCredential identity, TimeProvider clock) => new Identity(identity, clock);

    private sealed class AccessKey(byte[] key, TimeProvider clock) : WebPubSubCredential
    {
        // Short: a token is made per request, and only has to outlive that request.
        private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

        public override byte[] SigningKey => key;

        public override ValueTask<string> BearerTokenAsync(Uri requestUri, CancellationToken cancellationToken) =>
            ValueTask.FromResult(PulseTokens.ServiceToken(key, requestUri, clock.GetUtcNow(), Lifetime));
    }

    private sealed class Identity(TokenCredential identity, TimeProvider clock) : WebPubSubCredential
    {
        private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);
        private readonly SemaphoreSlim _refresh = new(1, 1);
        // A reference, so readers outside the lock never see half of a token.
        private volatile Cached? _current;

        public override async ValueTask<string> BearerTokenAsync(Uri requestUri, CancellationToken cancellationToken)
        {
            if (_current is { } cached && IsFresh(cached))
            {
                return cached.Token;
            }
            await _refresh.WaitAsync(cancellationToken);
            try
            {
                if (_current is not { } current || !IsFresh(current))
                {
                    var token = await identity.GetTokenAsync(new TokenRequestContext([Scope]), cancellationToken);
                    _current = current = new Cached(token.Token, token.ExpiresOn);
                }
                return current.Token;
            }
            finally
            {
                _refresh.Release();
            }
        }

        private bool IsFresh(Cached token) => token.ExpiresOn - RefreshMargin > clock.GetUtcNow();

        private sealed record Cached(string Token, DateTimeOffset ExpiresOn);
    }
}
