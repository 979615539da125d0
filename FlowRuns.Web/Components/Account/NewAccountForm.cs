using System.ComponentModel.DataAnnotations;

namespace FlowRuns.Web.Components.Account;

/// <summary>What the setup and invitation pages ask: an email (setup only) and a password typed twice.</summary>
public sealed class NewAccountForm
{
    [Required(ErrorMessage = "Enter an email address."), EmailAddress(ErrorMessage = "Enter an email address."), MaxLength(256)]
    public string Email { get; set; } = "";

    [Required(ErrorMessage = "Choose a password."), MinLength(12, ErrorMessage = "Use at least 12 characters."), MaxLength(200)]
    public string Password { get; set; } = "";

    [Compare(nameof(Password), ErrorMessage = "The two passwords differ.")]
    public string Confirm { get; set; } = "";
}
