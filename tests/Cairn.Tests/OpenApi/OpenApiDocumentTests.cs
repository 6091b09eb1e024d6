using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cairn.Tests.Support;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Cairn.Tests.OpenApi;

// /openapi/v1.json describes every /api/v1 route the app maps, with schemas and problem responses, and passes the
// official OpenAPI 3.1 JSON Schema (npm @seriousme/openapi-schema-validator in tests/openapi-validator, installed by
// scripts/test).
public sealed partial class OpenApiDocumentTests(AppFixture fixture)
{
    private static readonly string ValidatorDir = Path.Combine(Package.RepoRoot(), "tests", "openapi-validator");

    [Fact]
    public async Task TheDocumentIsOpenApi31AndDescribesEveryMappedApiRoute()
    {
        var document = await DocumentAsync();
        Assert.StartsWith("3.1", document.Str("openapi"));
        var paths = document["paths"]!.AsObject();

        var routes = MappedApiRoutes();
        Assert.True(routes.Count >= 60, $"Only {routes.Count} /api/v1 routes found: the endpoint enumeration is broken.");
        var missing = routes.Where(r => paths[r.Path]?[r.Method.ToLowerInvariant()] is null).Select(r => $"{r.Method} {r.Path}").ToList();
        Assert.True(missing.Count == 0, $"Not in the document: {string.Join(", ", missing)}");

        var documented = paths.SelectMany(p => p.Value!.AsObject().Select(o => $"{o.Key.ToUpperInvariant()} {p.Key}")).ToHashSet();
        Assert.Equal(routes.Count, documented.Count);
    }

    [Fact]
    public async Task EveryOperationHasANameASummaryASuccessSchemaAndItsProblemResponses()
    {
        var document = await DocumentAsync();
        var auth = MappedApiRoutes().ToDictionary(r => $"{r.Method} {r.Path}", r => r.NeedsKey);
        var faults = new List<string>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, node) in item!.AsObject())
            {
                var operation = node!.AsObject();
                var name = $"{method.ToUpperInvariant()} {path}";
                var responses = operation["responses"]!.AsObject();
                if (operation["operationId"] is null || operation["summary"] is null || operation["tags"] is null)
                {
                    faults.Add($"{name}: operationId, summary and tags are required");
                }
                var success = responses.Where(r => r.Key[0] is '1' or '2').ToList();
                if (success.Count == 0 || success.All(r => r.Key is not ("204" or "101") && r.Value?["content"] is null))
                {
                    faults.Add($"{name}: no success response with a schema");
                }
                foreach (var status in new[] { "500", "503" }.Concat(auth[name] ? ["401"] : []).Concat(path.Contains('{') ? ["400", "404"] : []))
                {
                    var schema = (string?)responses[status]?["content"]?["application/problem+json"]?["schema"]?["$ref"];
                    if (schema != "#/components/schemas/ProblemDetails")
                    {
                        faults.Add($"{name}: no {status} problem response");
                    }
                }
                if (auth[name] && operation["security"] is null)
                {
                    faults.Add($"{name}: needs a key but declares no security requirement");
                }
                if (method is "post" or "put" or "patch" && responses.Any(r => r.Key == "415") && operation["requestBody"]?["content"] is null)
                {
                    faults.Add($"{name}: takes a body but describes none");
                }
            }
        }
        Assert.True(faults.Count == 0, string.Join("\n", faults));
        var problem = document["components"]!["schemas"]!["ProblemDetails"]!["properties"]!.AsObject();
        Assert.All(new[] { "code", "detail", "status", "trace_id", "errors" }, p => Assert.True(problem.ContainsKey(p), $"ProblemDetails lacks {p}"));
    }

    [Fact]
    public async Task TheDocumentValidatesAgainstTheOfficialOpenApi31Schema()
    {
        Assert.True(File.Exists(Path.Combine(ValidatorDir, "node_modules", "@seriousme", "openapi-schema-validator", "package.json")),
            "The OpenAPI validator is not installed: run scripts/test, or `npm ci --prefix tests/openapi-validator --ignore-scripts`.");
        var document = await DocumentAsync();

        var (exitCode, output) = await ValidateAsync(document);
        Assert.True(exitCode == 0, $"The document does not validate:\n{output}");
        Assert.Contains("\"version\":\"3.1\"", output);

        // The same validator refuses a broken document, so the pass above means something.
        document["info"]!.AsObject().Remove("title");
        var (brokenExit, brokenOutput) = await ValidateAsync(document);
        Assert.NotEqual(0, brokenExit);
        Assert.Contains("title", brokenOutput);
    }

    [Fact]
    public async Task TheReferenceUiIsServedByTheAppWithNothingFromACdn()
    {
        using var client = fixture.App.Client();

        var page = await client.GetAsync("/docs/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        var sources = SourceAttribute().Matches(html).Select(m => m.Groups["url"].Value).ToList();
        Assert.NotEmpty(sources);
        Assert.All(sources, url => Assert.False(url.Contains("//", StringComparison.Ordinal), $"{url} is loaded from elsewhere"));
        Assert.Contains("openapi/v1.json", html);
        Assert.Contains("\"withDefaultFonts\":false", html);

        foreach (var script in sources)
        {
            var asset = await client.GetAsync($"/docs/{script}");
            Assert.True(asset.StatusCode == HttpStatusCode.OK, $"/docs/{script} answered {(int)asset.StatusCode}");
        }
    }

    private async Task<JsonObject> DocumentAsync()
    {
        using var client = fixture.App.Client();
        var response = await client.GetAsync("/openapi/v1.json");
        return await response.JsonAsync(HttpStatusCode.OK);
    }

    private static async Task<(int ExitCode, string Output)> ValidateAsync(JsonObject document)
    {
        var file = Path.Combine(Path.GetTempPath(), $"cairn-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, document.ToJsonString());
        try
        {
            return await Processes.RunAsync("node", ["validate.mjs", file], ValidatorDir);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private sealed record Route(string Method, string Path, bool NeedsKey);

    // What the app really maps (not what the document generator saw): each /api/v1 route pattern and method.
    private List<Route> MappedApiRoutes() =>
        fixture.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(method => new Route(
                method, Constraint().Replace(e.RoutePattern.RawText!.TrimEnd('/'), "}"), e.Metadata.GetMetadata<IAuthorizeData>() is not null)))
            .Distinct()
            .ToList();

    [GeneratedRegex(":[^}]+}")]
    private static partial Regex Constraint();

    [GeneratedRegex("(?:src|href)=\"(?<url>[^\"]+)\"")]
    private static partial Regex SourceAttribute();
}
