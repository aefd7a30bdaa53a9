<#import "template.ftl" as layout>
<@layout.registrationLayout; section>
<!-- template: smart-consent.ftl (payer-auth) -->
    <#if section = "header">
        ${msg("smartConsentTitle", smartClientName)}
    <#elseif section = "form">
        <div id="smart-consent" class="content-area">
            <#if smartPatient??>
                <p id="smart-consent-patient">${msg("smartConsentPatient", smartPatient.name)}</p>
            </#if>
            <p>${msg("smartConsentRequest", smartClientName)}</p>
            <form class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
                <ul id="smart-consent-scopes" class="${properties.kcListClass!}">
                    <#list smartScopes as scope>
                        <#if scope.optional>
                            <li data-scope="${scope.name}"><label><input type="checkbox" class="smart-consent-scope" name="${smartScopeFieldPrefix}${scope.name}" value="on" checked> ${advancedMsg(scope.text)}</label>
                                <#if scope.narrower?has_content>
                                    <p class="smart-consent-narrower-intro">${msg("smartConsentNarrower")}</p>
                                    <ul class="smart-consent-narrower">
                                        <#list scope.narrower as part>
                                            <li data-scope="${part.name}"><label><input type="checkbox" class="smart-consent-scope-part" name="${smartScopeFieldPrefix}${part.name}" value="on"> ${advancedMsg(part.text)}</label></li>
                                        </#list>
                                    </ul>
                                </#if>
                            </li>
                        <#else>
                            <li data-scope="${scope.name}">${advancedMsg(scope.text)}</li>
                        </#if>
                    </#list>
                </ul>
                <#if smartScopes?filter(s -> s.optional)?has_content>
                    <p class="smart-consent-optional">${msg("smartConsentOptional")}</p>
                </#if>
                <div id="smart-consent-privacy" class="smart-consent-privacy" data-attested="${smartPrivacy.attested?c}">
                    <p><strong>${msg("smartPrivacyTitle")}</strong></p>
                    <#if smartPrivacy.attested>
                        <p>${msg("smartPrivacyAttested", smartClientName)}</p>
                        <ul class="smart-consent-privacy-points">
                            <#list smartPrivacy.points as point><li>${point}</li></#list>
                        </ul>
                        <p><a id="smart-consent-privacy-policy" href="${smartPrivacy.privacyPolicy}" target="_blank" rel="noopener noreferrer">${msg("smartPrivacyPolicyLink")}</a></p>
                    <#else>
                        <p id="smart-consent-privacy-notice">${smartPrivacy.notice}</p>
                    </#if>
                </div>
                <#if smartSensitive??>
                    <div id="smart-consent-sensitive">
                        <p><strong>${msg("smartSensitiveTitle")}</strong></p>
                        <p>${msg("smartSensitiveText")}</p>
                        <#if smartSensitive.mayChoose>
                            <input type="hidden" name="sensitive_data_offered" value="1">
                            <label><input type="checkbox" id="smart-consent-sensitive-data" name="sensitive_data" value="include"<#if smartSensitive.included> checked</#if>> ${msg("smartSensitiveInclude")}</label>
                            <p class="smart-consent-sensitive-standing">${msg("smartSensitiveStanding")}</p>
                        <#else>
                            <p id="smart-consent-sensitive-fixed"><#if smartSensitive.included>${msg("smartSensitiveIncluded")}<#else>${msg("smartSensitiveExcluded")}</#if></p>
                        </#if>
                    </div>
                </#if>
                <p class="smart-consent-revoke">${msg("smartConsentRevoke")}</p>
                <div class="${properties.kcFormGroupClass!} smart-actions">
                    <input class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!} ${properties.kcButtonLargeClass!}"
                           type="submit" id="smart-consent-allow" name="accept" value="${msg('smartConsentAllow')}"/>
                    <input class="${properties.kcButtonClass!} ${properties.kcButtonDefaultClass!} ${properties.kcButtonBlockClass!} ${properties.kcButtonLargeClass!}"
                           type="submit" id="smart-consent-deny" name="cancel" value="${msg('smartConsentDeny')}"/>
                </div>
            </form>
        </div>
    </#if>
</@layout.registrationLayout>
