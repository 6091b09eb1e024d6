using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Cairn.OpenApi;

// The OpenAPI 3.1 document at /openapi/v1.json and its reference UI at /docs.
public static class OpenApiExtensions
{
    public const string DocumentName = "v1";
    public const string DocumentPath = "/openapi/{documentName}.json";
    private const string BearerScheme = "ApiKey";
    private const string AdminScheme = "AdminKey";

    public static IServiceCollection AddCairnOpenApi(this IServiceCollection services)
    {
        // Generating the document walks every endpoint (~0.5 s on a loaded 2-core VM): once per host name is enough.
        services.AddOutputCache(options => options.AddPolicy(DocumentName, policy => policy.Expire(TimeSpan.FromHours(24)).SetVaryByHost(true)));
        services.AddOpenApi(DocumentName, options =>
        {
            options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1;
            // The REST API only: timer-trigger routes belong to the Functions host; /mcp is described by its own tools/list.
            options.ShouldInclude = description => description.RelativePath?.StartsWith("api/v1", StringComparison.Ordinal) == true;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Cairn",
                    Version = DocumentName,
                    Description = "Collective memory for AI agents: experiences, sessions, engrams, agent memory and a clipboard. " +
                        "Errors are RFC 9457 problem details with a stable `code`.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "The API key from POST /api/v1/agents/register (or rotate-key), as 'Authorization: Bearer cairn_…'.",
                };
                document.Components.SecuritySchemes[AdminScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey,
                    In = ParameterLocation.Header,
                    Name = Admin.AdminKey.Header,
                    Description = "The operator key (Cairn:Admin:ApiKey); without one configured the admin endpoints answer 404.",
                };
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                var scheme = metadata.OfType<Admin.AdminKeyMetadata>().Any() ? AdminScheme
                    : metadata.OfType<IAuthorizeData>().Any() ? BearerScheme : null;
                if (scheme is not null)
                {
                    operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(scheme, context.Document)] = [] }];
                }
                return Task.CompletedTask;
            });
            options.AddSchemaTransformer((schema, context, _) =>
            {
                if (context.JsonTypeInfo.Type == typeof(ProblemDetails))
                {
                    ProblemSchema.Describe(schema);
                }
                return Task.CompletedTask;
            });
        });
        return services;
    }

    public static WebApplication MapCairnOpenApi(this WebApplication app)
    {
        app.UseOutputCache();
        app.MapOpenApi(DocumentPath).CacheOutput(DocumentName).WithName("OpenApiDocument").ExcludeFromDescription();
        // Scalar's script is served from the package itself; default fonts and telemetry would reach out to its CDN.
        app.MapScalarApiReference("/docs", options => options
            .WithTitle("Cairn API")
            .WithOpenApiRoutePattern(DocumentPath)
            .DisableDefaultFonts()
            .DisableTelemetry())
            .ExcludeFromDescription();
        return app;
    }
}
