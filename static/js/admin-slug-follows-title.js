'use strict';
// A slug input marked data-follows="<id of the title input>" (a duplicated workshop's
// generated slug, workshops/admin.py) follows the title as the editor types it, as Django's
// prepopulated fields do on add pages, until the editor changes the slug. Needs the admin's
// urlify.js (URLify), which every admin form page loads.
{
    const start = function() {
        for (const slug of document.querySelectorAll('input[data-follows]')) {
            const title = document.getElementById(slug.dataset.follows);
            if (!title || typeof URLify !== 'function') {
                continue;
            }
            const maxLength = slug.maxLength > 0 ? slug.maxLength : 50;
            let changed = false;
            slug.addEventListener('input', function() {
                changed = true;
            });
            title.addEventListener('input', function() {
                if (!changed) {
                    slug.value = URLify(title.value, maxLength, false);
                }
            });
        }
    };

    if (document.readyState === 'loading') {
        document.addEventListener('DOMContentLoaded', start);
    } else {
        start();
    }
}
