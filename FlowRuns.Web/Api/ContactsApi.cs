using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FlowRuns.Engine.Expressions;
using FlowRuns.Engine.Persistence;
using FlowRuns.Web.Access;
using FlowRuns.Web.Api.Requests;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlowRuns.Web.Api;

/// <summary><c>/api/contacts/{id}</c>: create or update a contact, read it back.</summary>
public static partial class ContactsApi
{
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._:@+-]{0,127}$")]
    private static partial Regex IdPattern();

    public static IEndpointRouteBuilder MapContactsApi(this IEndpointRouteBuilder app)
    {
        var contacts = app.MapGroup("/api/contacts").WithTags("Contacts");
        contacts.MapPut("{id}", PutAsync).WithSummary("Create or update a contact (manager)").Accepts<ContactBody>("application/json").RequireAuthorization(Roles.Policies.Operate);
        contacts.MapGet("{id}", GetAsync).WithSummary("One contact (email and phone masked for viewers)").RequireAuthorization(Roles.Policies.Read);
        return app;
    }

    public static async Task<Results<Created<ContactResponse>, Ok<ContactResponse>, ProblemHttpResult>> PutAsync(
        string id, HttpRequest request, ContactStore contacts, AuditTrail audit, CancellationToken cancellationToken)
    {
        if (!IdPattern().IsMatch(id))
            return ApiProblems.BadRequest("id", "A contact id is 1–128 characters of letters, digits and . _ : @ + -, starting with a letter or digit.");
        var (body, problem) = await RequestBody.ReadAsync<ContactBody>(request, cancellationToken);
        if (problem is not null) return problem;
        var email = body!.Email;
        if (!string.IsNullOrEmpty(email) && !email.Contains('@'))
            return ApiProblems.BadRequest("email", $"'{email}' is not an email address.");
        var values = Values.FromJson(body.Attributes) as IReadOnlyDictionary<string, object?> ?? new Dictionary<string, object?>();
        var created = await contacts.UpsertAsync(id, body.Name, email, body.Phone, values, cancellationToken);
        var response = new ContactResponse(id, body.Name, email, body.Phone, body.Attributes?.DeepClone() ?? new JsonObject());
        await audit.RecordAsync(Actor.From(request.HttpContext), AuditActions.ContactSaved, $"contact {id} {(created ? "created" : "updated")}", cancellationToken: cancellationToken);
        return created ? TypedResults.Created($"/api/contacts/{id}", response) : TypedResults.Ok(response);
    }

    public static async Task<Results<Ok<ContactResponse>, ProblemHttpResult>> GetAsync(string id, HttpContext context, ContactStore contacts, CancellationToken cancellationToken)
    {
        var contact = await contacts.FindAsync(id, cancellationToken);
        return contact is null
            ? ApiProblems.NotFound($"No contact '{id}' exists.", "id")
            : TypedResults.Ok(ContactResponse.For(Actor.From(context), contact.Id, contact.Name, contact.Email, contact.Phone, Values.ToJson(contact.Attributes)));
    }
}
