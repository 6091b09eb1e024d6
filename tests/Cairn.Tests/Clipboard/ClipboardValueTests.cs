using System.Net;
using Cairn.Tests.Support;

namespace Cairn.Tests.Clipboard;

public sealed class ClipboardValueTests(AppFixture fixture)
{
    private const int TwoMiB = 2 * 1024 * 1024;
    private readonly CairnApp _app = fixture.App;

    [Theory]
    [InlineData("utf-8", "héllo wörld ✓", "héllo wörld ✓", 17)]
    [InlineData("base64", "aGVsbG8=", "aGVsbG8=", 5)]
    [InlineData("base64", "aGVs\nbG8=", "aGVsbG8=", 5)]
    [InlineData("hex", "DEADbeef00", "deadbeef00", 5)]
    [InlineData("hex", "", "", 0)]
    public async Task ValuesComeBackInTheirEncodingInCanonicalForm(string encoding, string sent, string expected, long size)
    {
        var (_, key, _) = await _app.RegisterAsync();
        using var client = _app.Client(key);
        var contentType = encoding == "utf-8" ? "text/plain" : "application/octet-stream";

        var set = await (await client.PostJsonAsync("/api/v1/clipboard", new { name = "v", value = sent, encoding, content_type = contentType })).JsonAsync(HttpStatusCode.Created);
        var read = await (await client.GetAsync("/api/v1/clipboard/entry?name=v")).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(size, (long)set["size_bytes"]!);
        Assert.Equal(expected, read.Str("value"));
        Assert.Equal(encoding, read.Str("encoding"));
    }

    [Theory]
    [InlineData("base64", "not base64!")]
    [InlineData("base64", "abc")]
    [InlineData("hex", "abc")]
    [InlineData("hex", "zz")]
    public async Task InvalidBase64OrHexIsRefusedNamingTheValue(string encoding, string value)
    {
        var (_, key, _) = await _app.RegisterAsync();

        var response = await _app.Client(key).PostJsonAsync("/api/v1/clipboard/push", new { value, encoding, content_type = "application/octet-stream" });

        var problem = await response.ProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.Contains(encoding, Assert.Single(problem.FieldErrors("value")));
    }

    [Fact]
    public async Task AValueOfExactly2MiBIsStoredWholeAndOneByteMoreIsTooLarge()
    {
        var (_, key, _) = await _app.RegisterAsync();
        using var client = _app.Client(key);
        var exact = new string('x', TwoMiB - 1) + "!";

        var stored = await (await client.PostJsonAsync("/api/v1/clipboard", new { name = "big", value = exact })).JsonAsync(HttpStatusCode.Created);
        var tooLarge = await client.PostJsonAsync("/api/v1/clipboard", new { name = "bigger", value = exact + "y" });

        Assert.Equal(TwoMiB, (long)stored["size_bytes"]!);
        var problem = await tooLarge.ProblemAsync(HttpStatusCode.RequestEntityTooLarge, "value_too_large");
        Assert.Contains($"{TwoMiB + 1} bytes", problem.Str("detail"));
        var read = await (await client.GetAsync("/api/v1/clipboard/entry?name=big")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(exact, read.Str("value"));
    }

    [Fact]
    public async Task TheLimitCountsDecodedBytesNotCharacters()
    {
        var (_, key, _) = await _app.RegisterAsync();
        using var client = _app.Client(key);
        var bytes = new byte[TwoMiB];
        Random.Shared.NextBytes(bytes);

        var stored = await (await client.PostJsonAsync("/api/v1/clipboard", new { name = "blob", value = Convert.ToBase64String(bytes), encoding = "base64", content_type = "image/png" }))
            .JsonAsync(HttpStatusCode.Created);
        // Sent unescaped: two UTF-8 bytes per character, one byte over the limit.
        var multiByte = await client.PostRawAsync("/api/v1/clipboard", $$"""{"name": "wide", "value": "{{new string('é', (TwoMiB / 2) + 1)}}"}""");

        Assert.Equal(TwoMiB, (long)stored["size_bytes"]!);
        await multiByte.ProblemAsync(HttpStatusCode.RequestEntityTooLarge, "value_too_large");
        var read = await (await client.GetAsync("/api/v1/clipboard/entry?name=blob")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(bytes, Convert.FromBase64String(read.Str("value")));
    }

    [Theory]
    [InlineData("""{"ok": true}""", true)]
    [InlineData("[1, 2, 3]", true)]
    [InlineData("42", true)]
    [InlineData("""{"unterminated": """, false)]
    [InlineData("{'single': 'quotes'}", false)]
    [InlineData("", false)]
    [InlineData("""{"a":1} trailing""", false)]
    public async Task JsonValuesMustParse(string value, bool valid)
    {
        var (_, key, _) = await _app.RegisterAsync();

        var response = await _app.Client(key).PostJsonAsync("/api/v1/clipboard", new { name = "doc", value, content_type = "application/json" });

        if (valid)
        {
            await response.JsonAsync(HttpStatusCode.Created);
        }
        else
        {
            var problem = await response.ProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
            Assert.Contains("must be valid JSON", Assert.Single(problem.FieldErrors("value")));
        }
    }

    [Fact]
    public async Task TextTypesMustHoldUtf8ButBinaryTypesTakeAnyBytes()
    {
        var (_, key, _) = await _app.RegisterAsync();
        using var client = _app.Client(key);
        var notUtf8 = Convert.ToBase64String([0xff, 0xfe, 0x00]);

        var asText = await client.PostJsonAsync("/api/v1/clipboard", new { name = "t", value = notUtf8, encoding = "base64", content_type = "text/plain" });
        var asBinary = await client.PostJsonAsync("/api/v1/clipboard", new { name = "b", value = notUtf8, encoding = "base64", content_type = "application/octet-stream" });

        Assert.Contains("must be UTF-8 text", Assert.Single((await asText.ProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed")).FieldErrors("value")));
        await asBinary.JsonAsync(HttpStatusCode.Created);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("TEXT/Markdown")]
    [InlineData("text/html")]
    [InlineData("text/csv")]
    [InlineData("application/xml")]
    public async Task SupportedContentTypesAreAcceptedAndNormalised(string contentType)
    {
        var (_, key, _) = await _app.RegisterAsync();

        var entry = await (await _app.Client(key).PostJsonAsync("/api/v1/clipboard", new { name = "c", value = "<a>1</a>", content_type = contentType })).JsonAsync(HttpStatusCode.Created);

        Assert.Equal(contentType.ToLowerInvariant(), entry.Str("content_type"));
    }

    [Theory]
    [InlineData("video/mp4")]
    [InlineData("text/plain; charset=utf-8")]
    public async Task UnsupportedContentTypesAreRefusedWithTheList(string contentType)
    {
        var (_, key, _) = await _app.RegisterAsync();

        var problem = await (await _app.Client(key).PostJsonAsync("/api/v1/clipboard", new { name = "c", value = "x", content_type = contentType }))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");

        Assert.Contains("application/json", Assert.Single(problem.FieldErrors("content_type")));
    }

    [Theory]
    [InlineData(59)]
    [InlineData(2_592_001)]
    [InlineData(-1)]
    public async Task ATtlOutsideOneMinuteToThirtyDaysIsRefused(int ttl)
    {
        var (_, key, _) = await _app.RegisterAsync();

        var problem = await (await _app.Client(key).PostJsonAsync("/api/v1/clipboard", new { name = "t", value = "x", ttl_seconds = ttl }))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");

        Assert.Contains("must be between 60 and 2592000.", problem.FieldErrors("ttl_seconds"));
    }
}
