using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace Cairn.OpenApi;

// Declares on each endpoint the problem responses it can give, derived from what the endpoint is (has a body, route
// values, needs a key), so the OpenAPI document lists them without 66 hand-kept lists that would drift.
public static class ProblemResponses
{
    private static readonly string[] ProblemJson = ["application/problem+json"];

    public static TBuilder WithProblemResponses<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.Finally(endpoint =>
        {
            var metadata = endpoint.Metadata;
            var pattern = (endpoint as RouteEndpointBuilder)?.RoutePattern;
            var hasBody = metadata.OfType<IAcceptsMetadata>().Any();
            // Parsed values (route, query, header) can be malformed; services and the principal cannot.
            var hasInput = hasBody || pattern?.Parameters.Count > 0 || metadata.OfType<IParameterBindingMetadata>().Any(p => p.HasTryParse);
            var writes = !metadata.OfType<IHttpMethodMetadata>().SelectMany(m => m.HttpMethods).All(m => m is "GET" or "HEAD");
            var needsKey = metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();
            var adminOnly = metadata.OfType<Admin.AdminKeyMetadata>().Any();
            var declared = metadata.OfType<IProducesResponseTypeMetadata>().Select(p => p.StatusCode).ToHashSet();

            void Add(int status)
            {
                if (declared.Add(status))
                {
                    metadata.Add(new ProducesResponseTypeMetadata(status, typeof(ProblemDetails), ProblemJson));
                }
            }

            if (hasInput)
            {
                Add(StatusCodes.Status400BadRequest);
            }
            if (needsKey || adminOnly)
            {
                Add(StatusCodes.Status401Unauthorized);
            }
            if (pattern?.Parameters.Count > 0 || adminOnly)
            {
                Add(StatusCodes.Status404NotFound);
            }
            if (hasBody)
            {
                Add(StatusCodes.Status413PayloadTooLarge);
                Add(StatusCodes.Status415UnsupportedMediaType);
                Add(StatusCodes.Status422UnprocessableEntity);
            }
            if (writes)
            {
                // State conflicts, and contention on a document many writers change at once (retry after Retry-After).
                Add(StatusCodes.Status409Conflict);
            }
            Add(StatusCodes.Status500InternalServerError);
            Add(StatusCodes.Status503ServiceUnavailable);
        });
        return builder;
    }
}
