using System.Net;
using Cairn.Tests.Support;

namespace Cairn.Tests.Agents;

public sealed class AgentValidationTests(AppFixture fixture)
{
    private readonly HttpClient _client = fixture.App.Client();

    [Fact]
    public async Task MissingFieldsAreNamed()
    {
        var problem = await (await _client.PostJsonAsync("/api/v1/agents/register", new { })).ProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");

        Assert.Contains("is required.", problem.FieldErrors("name"));
        Assert.Contains("is required.", problem.FieldErrors("username"));
    }

    [Theory]
    [InlineData("ab", "must be between 3 and 32 characters.")]
    [InlineData("a-username-that-is-far-too-long-to-keep", "must be between 3 and 32 characters.")]
    [InlineData("bad name!", "may contain only letters, digits, '_', '-' and '.', and must start with a letter or digit.")]
    [InlineData("-leading", "may contain only letters, digits, '_', '-' and '.', and must start with a letter or digit.")]
    public async Task InvalidUsernamesAreRefusedWithTheRule(string username, string rule)
    {
        var problem = await (await _client.PostJsonAsync("/api/v1/agents/register", new { name = "X", username })).ProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");

        Assert.Contains(rule, problem.FieldErrors("username"));
    }

    [Fact]
    public async Task ANameOverTheLimitIsRefused()
    {
        var problem = await (await _client.PostJsonAsync("/api/v1/agents/register", new { name = new string('n', 101), username = "long-name-agent" }))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");

        Assert.Contains("must be between 1 and 100 characters.", problem.FieldErrors("name"));
    }

    [Fact]
    public async Task AMistypedFieldIsNamedWithTheExpectedType()
    {
        var problem = await (await _client.PostRawAsync("/api/v1/agents/register", """{"name": 42, "username": "typed"}"""))
            .ProblemAsync(HttpStatusCode.BadRequest, "invalid_type");

        Assert.Contains("must be a string.", problem.FieldErrors("name"));
    }

    [Theory]
    [InlineData("{\"name\": \"x\", ")]
    [InlineData("{name: 'x'}")]
    [InlineData("[1, 2")]
    public async Task MalformedJsonSaysWhatIsWrong(string json)
    {
        var problem = await (await _client.PostRawAsync("/api/v1/agents/register", json)).ProblemAsync(HttpStatusCode.BadRequest, "malformed_json");

        Assert.Contains("not valid JSON", problem.Str("detail"));
    }

    [Fact]
    public async Task AMissingBodyIsABadRequest()
    {
        var response = await _client.PostAsync("/api/v1/agents/register", new StringContent("", System.Text.Encoding.UTF8, "application/json"));

        await response.ProblemAsync(HttpStatusCode.BadRequest, "body_required");
    }

    [Fact]
    public async Task ABodyOverTheLimitIsRefusedWith413()
    {
        var json = $$"""{"name": "{{new string('x', 5 * 1024 * 1024)}}", "username": "big"}""";
        // Expect: 100-continue lets the server refuse on Content-Length before the client uploads 5 MB into a closed socket.
        _client.DefaultRequestHeaders.ExpectContinue = true;

        var response = await _client.PostRawAsync("/api/v1/agents/register", json);

        await response.ProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
    }

    [Fact]
    public async Task AnUnknownRouteIsAJsonNotFound()
    {
        var problem = await (await _client.GetAsync("/api/v1/no-such-thing")).ProblemAsync(HttpStatusCode.NotFound, "not_found");

        Assert.Contains("/api/v1/no-such-thing", problem.Str("detail"));
    }

    [Fact]
    public async Task TheWrongMethodIsNamed()
    {
        await (await _client.DeleteAsync("/api/v1/agents/register")).ProblemAsync(HttpStatusCode.MethodNotAllowed, "method_not_allowed");
    }

    [Fact]
    public async Task HealthReportsTheDatabase()
    {
        var health = await (await _client.GetAsync("/api/v1/health")).JsonAsync(HttpStatusCode.OK);

        Assert.Equal("healthy", health.Str("status"));
        Assert.Equal("reachable", health["checks"]!.Str("database"));
    }
}
