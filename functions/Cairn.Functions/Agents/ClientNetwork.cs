using System.Net;
using System.Net.Sockets;

namespace Cairn.Agents;

// The key a per-address limit counts under. An IPv6 client is normally given a whole /64 and can take a fresh address
// from it for every request, so IPv6 counts per /64; an IPv4 address written as IPv6 (::ffff:a.b.c.d) counts as itself.
public static class ClientNetwork
{
    public static string Key(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return $"{new IPAddress(bytes)}/64";
    }
}
