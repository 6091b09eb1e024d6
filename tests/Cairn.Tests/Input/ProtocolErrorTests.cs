using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Cairn.Tests.Support;

namespace Cairn.Tests.Input;

// Kestrel's own answers to requests it cannot parse carry problem+json bodies, over a raw socket as a broken client
// sends them.
public sealed class ProtocolErrorTests(AppFixture fixture)
{
    private async Task<string> ExchangeAsync(params byte[][] requests)
    {
        var address = fixture.App.Client().BaseAddress!;
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port, TestContext.Current.CancellationToken);
        var stream = tcp.GetStream();
        foreach (var request in requests)
        {
            await stream.WriteAsync(request, TestContext.Current.CancellationToken);
        }
        // Kestrel closes the connection after its own error response, so reading to the end is bounded.
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync(TestContext.Current.CancellationToken);
    }

    private static JsonObject LastProblem(string exchange, int status, string code)
    {
        var head = exchange[exchange.LastIndexOf("HTTP/1.1 ", StringComparison.Ordinal)..];
        Assert.StartsWith($"HTTP/1.1 {status} ", head);
        Assert.Contains("Content-Type: application/problem+json", head);
        var problem = JsonNode.Parse(head[(head.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..])!.AsObject();
        Assert.Equal(status, (int?)problem["status"]);
        Assert.Equal(code, (string?)problem["code"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)problem["detail"]));
        return problem;
    }

    [Fact]
    public async Task AGarbledRequestLineGetsAProblem()
    {
        var exchange = await ExchangeAsync("NOT AN HTTP REQUEST\r\n\r\n"u8.ToArray());

        LastProblem(exchange, 400, "bad_request");
    }

    [Fact]
    public async Task AnOverlongUriGetsAProblem()
    {
        var exchange = await ExchangeAsync(Encoding.ASCII.GetBytes($"GET /api/v1/health?x={new string('a', 9000)} HTTP/1.1\r\nHost: x\r\n\r\n"));

        LastProblem(exchange, 414, "uri_too_long");
    }

    [Fact]
    public async Task OversizedHeadersGetAProblem()
    {
        var exchange = await ExchangeAsync(Encoding.ASCII.GetBytes($"GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Big: {new string('b', 40_000)}\r\n\r\n"));

        LastProblem(exchange, 431, "headers_too_large");
    }

    [Fact]
    public async Task AnAnsweredRequestOnTheSameConnectionIsLeftAlone()
    {
        var exchange = await ExchangeAsync(
            "GET /api/v1/nothing-here HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray(),
            "GET /api/v1/health HTTP/1.1\r\nHost: x\r\nBad Header Without Colon\r\n\r\n"u8.ToArray());

        Assert.StartsWith("HTTP/1.1 404 ", exchange);
        Assert.Contains("\"code\":\"not_found\"", exchange);
        LastProblem(exchange, 400, "bad_request");
        Assert.Equal(2, exchange.Split("HTTP/1.1 ").Length - 1);
    }
}
