using System.Net;
using System.Text;
using Cairn.Errors;
using Cairn.Tests.Support;

namespace Cairn.Tests.Input;

// Bodies are UTF-8. Another declared charset used to be decoded by the framework after the UTF-8 character check (so a
// UTF-16 body stored a NUL, or reached PostgreSQL and failed with 500), and an unknown or quoted charset threw (500).
public sealed class RequestCharsetTests(AppFixture fixture)
{
    private async Task<HttpClient> ClientAsync() => fixture.App.Client((await fixture.App.RegisterAsync()).Key);

    private static ByteArrayContent Body(byte[] bytes, string contentType)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }

    private static async Task<int> SessionCountAsync(HttpClient client) =>
        (await (await client.GetAsync("/api/v1/sessions")).JsonAsync(HttpStatusCode.OK))["sessions"]!.AsArray().Count;

    [Fact]
    public async Task AUtf16BodyCannotCarryANulPastTheCharacterCheckAndIsRefusedWith415()
    {
        var client = await ClientAsync();
        var body = Encoding.Unicode.GetBytes("""{"topic": "nul \u0000 inside", "visibility": "private"}""");

        var response = await client.PostAsync("/api/v1/sessions", Body(body, "application/json; charset=utf-16"));

        var problem = await response.ProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        Assert.Equal([RequestCharset.Rule], problem.FieldErrors("Content-Type"));
        Assert.Equal(0, await SessionCountAsync(client));
    }

    [Fact]
    public async Task AUtf16ClipboardValueCannotStoreANul()
    {
        var client = await ClientAsync();
        var body = Encoding.Unicode.GetBytes("""{"name": "u16", "value": "a\u0000b"}""");

        var response = await client.PostAsync("/api/v1/clipboard", Body(body, "application/json; charset=utf-16"));

        await response.ProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/clipboard/entry?name=u16")).StatusCode);
    }

    [Theory]
    [InlineData("application/json; charset=foo")]
    [InlineData("application/json; charset=utf8")]
    [InlineData("application/json; charset=")]
    [InlineData("application/json; charset=iso-8859-1")]
    public async Task AnotherCharsetIsRefusedWith415InsteadOfA500(string contentType)
    {
        var client = await ClientAsync();

        var response = await client.PostAsync("/api/v1/sessions", Body("""{"topic": "charset probe"}"""u8.ToArray(), contentType));

        var problem = await response.ProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        Assert.Equal([RequestCharset.Rule], problem.FieldErrors("Content-Type"));
        Assert.Equal(0, await SessionCountAsync(client));
    }

    [Theory]
    [InlineData("application/json; charset=\"utf-8\"")]
    [InlineData("application/json; charset=UTF-8")]
    [InlineData("application/json")]
    public async Task Utf8DeclaredAnyValidWayIsAccepted(string contentType)
    {
        var client = await ClientAsync();

        var response = await client.PostAsync("/api/v1/sessions", Body("""{"topic": "charset probe é"}"""u8.ToArray(), contentType));

        Assert.Equal("charset probe é", (await response.JsonAsync(HttpStatusCode.Created))["session"].Str("topic"));
    }

    [Fact]
    public async Task RegistrationWithAnUnknownCharsetIsRefusedWith415()
    {
        var client = fixture.App.Client();

        var response = await client.PostAsync("/api/v1/agents/register",
            Body("""{"name": "charset", "username": "charset-probe"}"""u8.ToArray(), "application/json; charset=foo"));

        await response.ProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
    }
}
