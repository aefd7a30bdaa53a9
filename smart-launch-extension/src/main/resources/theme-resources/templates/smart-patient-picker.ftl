<#import "template.ftl" as layout>
<@layout.registrationLayout displayMessage=messagesPerField.exists('patient'); section>
<!-- template: smart-patient-picker.ftl (payer-auth) -->
    <#if section = "header">
        ${msg("smartPickerTitle")}
    <#elseif section = "form">
        <p id="smart-picker-intro">${msg("smartPickerIntro", smartClientName)}</p>
        <form id="smart-patient-picker" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
            <fieldset class="smart-patient-list" aria-describedby="smart-picker-intro">
                <legend class="smart-visually-hidden">${msg("smartPickerLegend")}</legend>
                <#list smartPatients as patient>
                    <div class="smart-patient">
                        <input type="radio" id="patient-${patient.id}" name="patient" value="${patient.id}"<#if patient?is_first> checked</#if>>
                        <label for="patient-${patient.id}">
                            <span class="smart-patient-name">${patient.name}</span>
                            <#if patient.birthDate?has_content>
                                <span class="smart-patient-birth">${msg("smartPickerBorn", patient.birthDate)}</span>
                            </#if>
                        </label>
                    </div>
                </#list>
            </fieldset>
            <#if messagesPerField.exists('patient')>
                <div id="smart-patient-error" class="${properties.kcInputErrorMessageClass!}" aria-live="polite">
                    ${kcSanitize(messagesPerField.get('patient'))?no_esc}
                </div>
            </#if>
            <div class="${properties.kcFormGroupClass!} smart-actions">
                <input class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!} ${properties.kcButtonLargeClass!}"
                       type="submit" id="smart-pick" name="pick" value="${msg('smartPickerContinue')}"/>
                <input class="${properties.kcButtonClass!} ${properties.kcButtonDefaultClass!} ${properties.kcButtonBlockClass!} ${properties.kcButtonLargeClass!}"
                       type="submit" id="smart-pick-cancel" name="cancel" value="${msg('doCancel')}"/>
            </div>
        </form>
    </#if>
</@layout.registrationLayout>
