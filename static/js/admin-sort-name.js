'use strict';
// The speaker admin page (and its "+" pop-up): the sort name follows the full name as the
// editor types it ('Amina Diallo' gives 'Diallo, Amina'), as a slug follows a title, until the
// editor types a sort name of their own. A sort name left empty is filled the same way on
// saving (speakers/forms.py, suggested_sort_name).
{
    const suggestion = function(fullName) {
        const words = fullName.trim().split(/\s+/).filter(Boolean);
        if (words.length < 2) {
            return words.join(' ');
        }
        return words[words.length - 1] + ', ' + words.slice(0, -1).join(' ');
    };

    const start = function() {
        const fullName = document.getElementById('id_full_name');
        const sortName = document.getElementById('id_sort_name');
        if (!fullName || !sortName) {
            return;
        }
        // A stored sort name other than the suggestion is someone's choice: it stays.
        let typed = sortName.value !== '' && sortName.value !== suggestion(fullName.value);
        sortName.addEventListener('input', function() {
            typed = sortName.value !== '';
        });
        fullName.addEventListener('input', function() {
            if (!typed) {
                sortName.value = suggestion(fullName.value);
            }
        });
    };

    if (document.readyState === 'loading') {
        document.addEventListener('DOMContentLoaded', start);
    } else {
        start();
    }
}
