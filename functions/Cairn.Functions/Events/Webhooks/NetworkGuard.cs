using System.Net;
using System.Net.Sockets;

namespace Cairn.Events.Webhooks;

/// <summary>
/// Which addresses a webhook may not reach: loopback, private, link-local, CGNAT, cloud metadata and other special
/// ranges (IANA special-purpose registries), checked on the address actually connected to, so DNS rebinding cannot slip past.
/// </summary>
public static class NetworkGuard
{
    private static readonly IPNetwork[] RefusedV4 =
    [
        IPNetwork.Parse("0.0.0.0/8"), IPNetwork.Parse("10.0.0.0/8"), IPNetwork.Parse("100.64.0.0/10"), IPNetwork.Parse("127.0.0.0/8"),
        IPNetwork.Parse("169.254.0.0/16"), IPNetwork.Parse("172.16.0.0/12"), IPNetwork.Parse("192.0.0.0/24"), IPNetwork.Parse("192.0.2.0/24"),
        IPNetwork.Parse("192.168.0.0/16"), IPNetwork.Parse("198.18.0.0/15"), IPNetwork.Parse("198.51.100.0/24"), IPNetwork.Parse("203.0.113.0/24"),
        IPNetwork.Parse("224.0.0.0/4"), IPNetwork.Parse("240.0.0.0/4"),
        // Azure's platform endpoint (WireServer), reachable from every VM and App Service instance.
        IPNetwork.Parse("168.63.129.16/32"),
    ];

    private static readonly IPNetwork[] RefusedV6 =
    [
        IPNetwork.Parse("::/128"), IPNetwork.Parse("::1/128"), IPNetwork.Parse("100::/64"), IPNetwork.Parse("2001:db8::/32"),
        IPNetwork.Parse("fc00::/7"), IPNetwork.Parse("fe80::/10"), IPNetwork.Parse("fec0::/10"), IPNetwork.Parse("ff00::/8"),
    ];

    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");

    public static bool IsRefused(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return IsRefused(address.MapToIPv4());
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6 && Nat64.Contains(address))
        {
            // NAT64 embeds an IPv4 address in the last four bytes: judge that one.
            return IsRefused(new IPAddress(address.GetAddressBytes()[12..]));
        }
        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => RefusedV4.Any(n => n.Contains(address)),
            AddressFamily.InterNetworkV6 => RefusedV6.Any(n => n.Contains(address)),
            _ => true,
        };
    }

    /// <summary>Why a URL may not be a webhook target (null when it may); resolves its host name to check every address.</summary>
    public static async Task<string?> CheckUrlAsync(string url, bool allowPrivateNetworks, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return "must be an absolute http or https URL.";
        }
        if (uri.UserInfo.Length > 0 || uri.Fragment.Length > 0)
        {
            return "must not carry user info or a fragment; put a token in the path or query instead.";
        }
        if (allowPrivateNetworks)
        {
            return null;
        }
        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out var literal) ? [literal]
                : await Dns.GetHostAddressesAsync(uri.IdnHost, cancellationToken);
        }
        catch (SocketException)
        {
            return $"has a host name ({uri.Host}) that does not resolve.";
        }
        return addresses.Length == 0 ? $"has a host name ({uri.Host}) that does not resolve."
            : addresses.FirstOrDefault(IsRefused) is { } refused
                ? $"resolves to {refused}, a loopback, private, link-local or otherwise internal address; webhooks reach public addresses only."
                : null;
    }
}
