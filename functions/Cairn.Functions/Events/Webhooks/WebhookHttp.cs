using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Cairn.Events.Webhooks;

/// <summary>
/// The one HttpClient deliveries go through: no redirects, no proxy, a whole-request timeout, and a connect step that
/// resolves the host itself and connects only to addresses <see cref="NetworkGuard"/> allows (the check that DNS
/// rebinding cannot dodge, since it judges the address the socket actually uses).
/// </summary>
public sealed class WebhookHttp : IDisposable
{
    /// <summary>How much of a receiver's answer is read and kept for the attempt log.</summary>
    public const int MaxResponseExcerpt = 1024;

    public WebhookHttp(IOptions<WebhookOptions> options)
    {
        var allowPrivate = options.Value.AllowPrivateNetworks;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            // Short-lived connections, so a host's address is looked up (and checked) again soon.
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            MaxResponseHeadersLength = 64,
            ConnectCallback = (context, ct) => ConnectAsync(context.DnsEndPoint, allowPrivate, ct),
        };
        Client = new HttpClient(handler) { Timeout = options.Value.Timeout };
        Client.DefaultRequestHeaders.UserAgent.ParseAdd("Cairn-Webhooks/1.0");
    }

    public HttpClient Client { get; }

    private static async ValueTask<Stream> ConnectAsync(DnsEndPoint endpoint, bool allowPrivate, CancellationToken cancellationToken)
    {
        var addresses = IPAddress.TryParse(endpoint.Host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(endpoint.Host, cancellationToken);
        var allowed = allowPrivate ? addresses : addresses.Where(a => !NetworkGuard.IsRefused(a)).ToArray();
        if (allowed.Length == 0)
        {
            throw new WebhookRefusedException($"{endpoint.Host} resolves only to internal addresses ({string.Join(", ", addresses.Select(a => a.ToString()))}).");
        }
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, endpoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void Dispose() => Client.Dispose();
}

/// <summary>A delivery the guard stopped before any byte left: the target resolved to an internal address.</summary>
public sealed class WebhookRefusedException(string message) : Exception(message);
